import type { Pool } from 'pg';
import type {
  EventFilter,
  HeldBackEvents,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../../../application/eventStore/eventStore';
import { StreamNotFoundError } from '../../../application/eventStore/errors';
import type { Position } from '../../../application/eventStore/position';
import { END, type EventRow, positionOf, positionParameters, START, toRecordedEvent } from './rows';
import {
  type FilterKind,
  HEAD_POSITION,
  HELD_BACK,
  READ_ALL,
  READ_STREAM,
  readAllForwardsByTypes,
  type Statement,
} from './sql';

// Postgres takes LIMIT ALL as null; a bigint bound keeps one prepared plan for both cases.
const NO_LIMIT = '9223372036854775807';
const LAST_REVISION = '9223372036854775807';

const limitOf = (maxCount: number | undefined): string | number => maxCount ?? NO_LIMIT;

type StreamRow = { stream_head: string | null } & (EventRow | { [K in keyof EventRow]: null });

export const readStream = async (
  pool: Pool,
  streamName: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => {
  const direction = options.direction ?? 'forwards';
  const from = options.fromRevision?.toString() ?? (direction === 'forwards' ? '0' : LAST_REVISION);
  const { rows } = await pool.query<StreamRow>({
    ...READ_STREAM[direction],
    values: [streamName, from, limitOf(options.maxCount)],
  });
  const first = rows[0];
  if (first === undefined || first.stream_head === null) throw new StreamNotFoundError(streamName);
  return first.event_id === null ? [] : rows.map((row) => toRecordedEvent(row as EventRow));
};

/** LIKE patterns matching names that start with the prefix, taken literally. */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const filterParameters = (filter: EventFilter | undefined): [FilterKind, unknown[]] => {
  if (filter === undefined) return ['none', []];
  if ('eventTypes' in filter) return ['types', [filter.eventTypes]];
  return ['prefixes', [filter.streamPrefixes.map(likePrefix)]];
};

export type GatedBatch = Readonly<{
  events: RecordedEvent[];
  /** Every transaction below it had ended when the batch was read. */
  gate: bigint;
  /** Committed events wait behind the gate for an older transaction to end. */
  heldBack: boolean;
}>;

type GatedRow = { gate: string; held_back: boolean } & (EventRow | { [K in keyof EventRow]: null });

/** Beyond this many types one statement merging an index range per type gets unwieldy to plan. */
const MAX_MERGED_TYPES = 64;

/** The forwards statement for a filter and its parameters after $1-$3. */
const forwardsRead = (filter: EventFilter | undefined): [Statement, unknown[]] => {
  if (filter !== undefined && 'eventTypes' in filter) {
    const types = [...new Set(filter.eventTypes)];
    if (types.length > 0 && types.length <= MAX_MERGED_TYPES)
      return [readAllForwardsByTypes(types.length), types];
  }
  const [kind, filterValues] = filterParameters(filter);
  return [READ_ALL.forwards[kind], filterValues];
};

/** One gated `$all` read forwards, strictly after `from`. */
export const readAllGated = async (
  pool: Pool,
  from: Position,
  maxCount: number | undefined,
  filter: EventFilter | undefined,
): Promise<GatedBatch> => {
  const [statement, filterValues] = forwardsRead(filter);
  const { rows } = await pool.query<GatedRow>({
    ...statement,
    values: [...positionParameters(from), limitOf(maxCount), ...filterValues],
  });
  const first = rows[0];
  const events = first?.event_id === null ? [] : rows.map((row) => toRecordedEvent(row as EventRow));
  return { events, gate: BigInt(first?.gate ?? 0), heldBack: first?.held_back ?? false };
};

export const readAll = async (pool: Pool, options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
  if ((options.direction ?? 'forwards') === 'forwards') {
    return (await readAllGated(pool, options.from ?? START, options.maxCount, options.filter)).events;
  }
  const [kind, filterValues] = filterParameters(options.filter);
  const { rows } = await pool.query<EventRow>({
    ...READ_ALL.backwards[kind],
    values: [...positionParameters(options.from ?? END), limitOf(options.maxCount), ...filterValues],
  });
  return rows.map(toRecordedEvent);
};

export const headPosition = async (pool: Pool): Promise<Position | undefined> => {
  const row = (
    await pool.query<{ transaction_id: string; global_position: string }>({ ...HEAD_POSITION, values: [] })
  ).rows[0];
  return row === undefined ? undefined : positionOf(row);
};

export const heldBack = async (
  pool: Pool,
  options: Readonly<{ filter?: EventFilter; cap: number }>,
): Promise<HeldBackEvents> => {
  const [kind, filterValues] = filterParameters(options.filter);
  const { rows } = await pool.query<{ count: number; oldest_recorded_at: Date | null }>({
    ...HELD_BACK[kind],
    values: [options.cap, ...filterValues],
  });
  const row = rows[0];
  return { count: row?.count ?? 0, oldestRecordedAt: row?.oldest_recorded_at ?? undefined };
};
