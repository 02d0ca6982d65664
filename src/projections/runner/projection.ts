import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';

/** Logical table key → the (possibly schema-qualified) table a projection writes. */
export type ProjectionTables = Readonly<Record<string, string>>;

/** A batch's writes, built ahead of its transaction and run inside it. */
export type BulkWrite<Tables extends ProjectionTables = ProjectionTables> = (
  trx: Knex.Transaction,
  tables: Tables,
) => Promise<void>;

/**
 * A rebuild's cheaper way to write. Its twins start empty and get every event once, in order, so a batch's
 * rows can be bulk-loaded (COPY) without conflict checks, and totals derived from them computed once at
 * the end instead of upserted per batch. Anything else (a live batch, a rebuild batch that failed and is
 * retried event by event, the events a rebuild applies while it swaps in) goes through `apply`, so
 * `finish` must recompute the derived tables whole rather than add to them.
 */
export type BulkLoad<Tables extends ProjectionTables = ProjectionTables> = Readonly<{
  /** Pure: builds the batch's rows now, before its transaction opens (the next page is read meanwhile). */
  prepare: (events: readonly RecordedEvent[]) => BulkWrite<Tables>;
  /** After the last bulk batch, before the swap: fills the tables the bulk writes left out. */
  finish?: BulkWrite<Tables>;
}>;

/**
 * A read model's writer: turns a batch of events into SQL inside the caller's transaction. `tables` are the
 * tables to write — the live ones, or their `__rebuild` twins while a rebuild runs — so `apply` must never
 * name a table literally.
 */
export type Projection<Tables extends ProjectionTables = ProjectionTables> = Readonly<{
  name: string;
  eventTypes: readonly string[];
  tables: Tables;
  apply: (trx: Knex.Transaction, events: readonly RecordedEvent[], tables: Tables) => Promise<void>;
  bulk?: BulkLoad<Tables>;
}>;

const eraseBulk = <Tables extends ProjectionTables>({ prepare, finish }: BulkLoad<Tables>): BulkLoad => ({
  prepare: (events) => {
    const write = prepare(events);
    return (trx, tables) => write(trx, tables as Tables);
  },
  finish: finish && ((trx, tables) => finish(trx, tables as Tables)),
});

/** Erases a projection's table keys so projections of different shapes fit in one list. */
export const defineProjection = <Tables extends ProjectionTables>(
  projection: Projection<Tables>,
): Projection => ({
  ...projection,
  apply: (trx, events, tables) => projection.apply(trx, events, tables as Tables),
  bulk: projection.bulk && eraseBulk(projection.bulk),
});

export const REBUILD_SUFFIX = '__rebuild';

export const rebuildTableName = (table: string): string => `${table}${REBUILD_SUFFIX}`;

export const rebuildTables = (tables: ProjectionTables): ProjectionTables =>
  Object.fromEntries(Object.entries(tables).map(([key, table]) => [key, rebuildTableName(table)]));

/** Where a run writes: the live tables under the projection's name, or the rebuild twins under its own. */
export type ProjectionTarget = Readonly<{
  projection: Projection;
  checkpointName: string;
  tables: ProjectionTables;
}>;

export const liveTarget = (projection: Projection): ProjectionTarget => ({
  projection,
  checkpointName: projection.name,
  tables: projection.tables,
});

export const rebuildTarget = (projection: Projection): ProjectionTarget => ({
  projection,
  checkpointName: `${projection.name}${REBUILD_SUFFIX}`,
  tables: rebuildTables(projection.tables),
});
