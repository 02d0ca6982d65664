import type { Projection } from '../../../src/projections/runner/projection';
import { rebuildProjection } from '../../../src/projections/runner/rebuild';
import type { Cluster } from '../support/cluster';
import type { ScenarioReport } from '../support/report';

const SNAPSHOT_SUFFIX = '__faults_live';

/** Rows in one table and not the other (as multisets), both ways. */
const SYMMETRIC_DIFFERENCE = `
  select count(*) as n from ((table ?? except all table ??) union all (table ?? except all table ??)) d`;

type TableComparison = Readonly<{ table: string; rows: number; differing: number }>;

const snapshot = async (cluster: Cluster, table: string): Promise<void> => {
  const copy = `${table}${SNAPSHOT_SUFFIX}`;
  await cluster.database.knex.raw('drop table if exists ??', [copy]);
  await cluster.database.knex.raw('create table ?? as table ??', [copy, table]);
};

const compare = async (cluster: Cluster, table: string): Promise<TableComparison> => {
  const { knex } = cluster.database;
  const copy = `${table}${SNAPSHOT_SUFFIX}`;
  const difference = await knex.raw<{ rows: { n: string }[] }>(SYMMETRIC_DIFFERENCE, [
    copy,
    table,
    table,
    copy,
  ]);
  const rows = await knex.raw<{ rows: { n: string }[] }>('select count(*) as n from ??', [table]);
  await knex.raw('drop table ??', [copy]);
  return { table, rows: Number(rows.rows[0]?.n), differing: Number(difference.rows[0]?.n) };
};

/**
 * Every read model the projector kept live equals a from-scratch rebuild: the live tables are copied, each
 * projection is rebuilt from position zero (the runner's own rebuild, into fresh tables swapped in), and
 * the copy and the rebuilt tables must hold exactly the same rows.
 */
export const checkReadModels = async (
  report: ScenarioReport,
  cluster: Cluster,
  projections: readonly Projection[],
): Promise<void> => {
  const deps = { knex: cluster.database.knex, pool: cluster.database.pool, store: cluster.store };
  const comparisons: TableComparison[] = [];
  for (const projection of projections) {
    const tables = Object.values(projection.tables);
    for (const table of tables) await snapshot(cluster, table);
    await rebuildProjection(deps, projection);
    for (const table of tables) comparisons.push(await compare(cluster, table));
  }
  const differing = comparisons.filter((comparison) => comparison.differing > 0);
  report.figure('read-model tables compared with a rebuild', comparisons.length);
  report.figure(
    'read-model rows',
    comparisons.reduce((sum, comparison) => sum + comparison.rows, 0),
  );
  report.check(
    'every read model equals a from-scratch rebuild',
    differing.length === 0 && comparisons.length > 0,
    differing.map((c) => `${c.table}: ${c.differing} rows differ of ${c.rows}`).join('; '),
  );
};
