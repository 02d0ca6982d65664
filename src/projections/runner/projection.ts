import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';

/** Logical table key → the (possibly schema-qualified) table a projection writes. */
export type ProjectionTables = Readonly<Record<string, string>>;

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
}>;

/** Erases a projection's table keys so projections of different shapes fit in one list. */
export const defineProjection = <Tables extends ProjectionTables>(
  projection: Projection<Tables>,
): Projection => ({
  ...projection,
  apply: (trx, events, tables) => projection.apply(trx, events, tables as Tables),
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
