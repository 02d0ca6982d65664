import type { Knex } from 'knex';
import type { EventStore } from '../../application/eventStore/eventStore';
import { type Position, positionToToken } from '../../application/eventStore/position';
import { CHECKPOINTS, positionFromRow } from './checkpoints';
import { PARKED } from './parking';

/** Lag in events is counted exactly up to this many; beyond it `lagEventsCapped` is set. */
export const LAG_COUNT_CAP = 10_000;

export type ProjectionStatus = Readonly<{
  name: string;
  state: string;
  /** The checkpoint as a consistency token, null before the first event. */
  position: string | null;
  lastEventRecordedAt: Date | null;
  eventsApplied: number;
  lagEvents: number;
  lagEventsCapped: boolean;
  /**
   * Of the lag, events committed but held back behind a transaction still open on the database (the xmin
   * gate): the projection cannot apply them until it ends. Always 0 on EventStoreDB.
   */
  heldBackEvents: number;
  /** Age of the oldest event the projection has not applied yet; 0 when none is pending. */
  lagSeconds: number;
  parked: number;
  lastError: string | null;
  updatedAt: Date;
}>;

type CheckpointRow = {
  name: string;
  event_types: string[];
  commit_position: string | null;
  prepare_position: string | null;
  last_event_recorded_at: Date | null;
  events_applied: string;
  state: string;
  last_error: string | null;
  updated_at: Date;
};

const NO_EVENTS = { events: [], held: { count: 0, oldestRecordedAt: undefined } } as const;

/** What the projection has yet to apply: readable events after its checkpoint, and those held back. */
const pendingOf = async (store: EventStore, row: CheckpointRow, position: Position | undefined) => {
  if (row.event_types.length === 0) return NO_EVENTS;
  const filter = { eventTypes: row.event_types };
  const [events, held] = await Promise.all([
    store.readAll({ from: position, filter, maxCount: LAG_COUNT_CAP }),
    store.heldBack({ filter, cap: LAG_COUNT_CAP }),
  ]);
  return { events, held };
};

const statusOf = async (
  store: EventStore,
  row: CheckpointRow,
  parked: number,
  now: number,
): Promise<ProjectionStatus> => {
  const position = positionFromRow(row);
  const { events, held } = await pendingOf(store, row, position);
  const oldestTimes = [events[0]?.recordedAt.getTime(), held.oldestRecordedAt?.getTime()];
  const oldestPending = Math.min(...oldestTimes.filter((time) => time !== undefined));
  const lagEvents = events.length + held.count;
  return {
    name: row.name,
    state: row.state,
    position: position === undefined ? null : positionToToken(position),
    lastEventRecordedAt: row.last_event_recorded_at,
    eventsApplied: Number(row.events_applied),
    lagEvents,
    lagEventsCapped: events.length >= LAG_COUNT_CAP || held.count >= LAG_COUNT_CAP,
    heldBackEvents: held.count,
    lagSeconds: Number.isFinite(oldestPending) ? Math.max(0, (now - oldestPending) / 1000) : 0,
    parked,
    lastError: row.last_error,
    updatedAt: row.updated_at,
  };
};

/** Every projection's checkpoint, state, lag and parked count: the operators' view. */
export const projectionStatus = async (knex: Knex, store: EventStore): Promise<ProjectionStatus[]> => {
  const rows = await knex<CheckpointRow>(CHECKPOINTS).select('*').orderBy('name');
  const parkedRows = await knex.raw<{ rows: { projection: string; parked: string }[] }>(
    'select projection, count(*) as parked from ?? group by projection',
    [PARKED],
  );
  const parked = new Map(parkedRows.rows.map((row) => [row.projection, Number(row.parked)]));
  const now = Date.now();
  return Promise.all(rows.map((row) => statusOf(store, row, parked.get(row.name) ?? 0, now)));
};
