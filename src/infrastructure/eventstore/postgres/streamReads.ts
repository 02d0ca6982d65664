import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import type { RecordedEvent } from '../../../application/eventStore/eventStore';
import { type EventRow, toRecordedEvent } from './rows';
import { READ_STREAMS } from './sql';

/** A whole stream forwards from a revision: what the command handler reads before it decides. */
export type StreamRead = Readonly<{ streamName: string; fromRevision: bigint }>;

type TaggedRow = { wanted: number; stream_head: string | null } & (
  EventRow | { [K in keyof EventRow]: null }
);

// Bounds one statement; a busier turn of the event loop splits into several statements.
const MAX_STREAMS_PER_STATEMENT = 64;

const keyOf = (read: StreamRead): string => `${read.streamName}\u0000${read.fromRevision}`;

/** Each distinct read's events, or undefined for a stream that does not exist; in the order asked. */
const readStreams = async (
  pool: Pool,
  reads: readonly StreamRead[],
): Promise<(RecordedEvent[] | undefined)[]> => {
  const distinct = [...new Map(reads.map((read) => [keyOf(read), read])).values()];
  const { rows } = await pool.query<TaggedRow>({
    ...READ_STREAMS,
    values: [distinct.map((read) => read.streamName), distinct.map((read) => read.fromRevision.toString())],
  });
  const found = distinct.map((): RecordedEvent[] | undefined => undefined);
  for (const row of rows) {
    if (row.stream_head === null) continue;
    const events = (found[row.wanted - 1] ??= []);
    if (row.event_id !== null) events.push(toRecordedEvent(row));
  }
  const byKey = new Map(distinct.map((read, index) => [keyOf(read), found[index]]));
  return reads.map((read) => byKey.get(keyOf(read)));
};

/**
 * Whole-stream reads of concurrent commands joined into one statement per turn of the event loop (the
 * same stream asked twice is read once): under load one round trip serves many commands, alone a read
 * waits for nothing. Nothing is remembered between batches.
 */
export const batchedStreamReads = (pool: Pool) =>
  new DataLoader<StreamRead, RecordedEvent[] | undefined>((reads) => readStreams(pool, reads), {
    cache: false,
    batchScheduleFn: (run) => setImmediate(run),
    maxBatchSize: MAX_STREAMS_PER_STATEMENT,
  });
