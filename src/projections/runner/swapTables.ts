import type { Knex } from 'knex';

type Index = Readonly<{ name: string; shape: string; unique: boolean }>;

const splitName = (table: string): { schema: string | undefined; name: string } => {
  const dot = table.lastIndexOf('.');
  return dot < 0
    ? { schema: undefined, name: table }
    : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
};

/** An index's definition without its own and its table's names, to pair a copy with its original. */
const indexesOf = async (trx: Knex, table: string): Promise<Index[]> => {
  const { schema, name } = splitName(table);
  const result = await trx.raw<{ rows: { indexname: string; indexdef: string }[] }>(
    `select indexname, indexdef from pg_indexes
      where schemaname = coalesce(?::text, current_schema()) and tablename = ?`,
    [schema ?? null, name],
  );
  return result.rows.map((row) => ({
    name: row.indexname,
    shape: row.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ /, '$1'),
    unique: row.indexdef.startsWith('CREATE UNIQUE'),
  }));
};

const qualifiedIndex = (table: string, index: string): string => {
  const { schema } = splitName(table);
  return schema === undefined ? index : `${schema}.${index}`;
};

/**
 * A fresh empty twin of a live table: same columns, defaults, constraints and unique indexes (upserts need
 * them). The other indexes are left out while it fills — one CREATE INDEX afterwards is far cheaper than
 * maintaining them row by row — and their definitions are returned for `addDeferredIndex`.
 */
export const createTwin = async (knex: Knex, live: string, twin: string): Promise<string[]> => {
  await knex.raw('drop table if exists ??', [twin]);
  await knex.raw('create table ?? (like ?? including all)', [twin, live]);
  const deferred = (await indexesOf(knex, twin)).filter((index) => !index.unique);
  for (const index of deferred) await knex.raw('drop index ??', [qualifiedIndex(twin, index.name)]);
  return deferred.map((index) => index.shape);
};

/** `shape` comes from pg_indexes (`USING btree (...)`), never from user input. */
export const addDeferredIndex = async (knex: Knex, twin: string, shape: string): Promise<void> => {
  await knex.raw(`create index on ?? ${shape}`, [twin]);
};

/**
 * Replaces the live table by its rebuilt twin inside the caller's transaction and gives the twin's
 * indexes the live names back, so a later rebuild starts from the same names.
 */
export const swapTable = async (trx: Knex.Transaction, live: string, twin: string): Promise<void> => {
  const liveIndexes = await indexesOf(trx, live);
  const { name } = splitName(live);
  await trx.raw('drop table ??', [live]);
  await trx.raw('alter table ?? rename to ??', [twin, name]);
  for (const index of await indexesOf(trx, live)) {
    const original = liveIndexes.find((candidate) => candidate.shape === index.shape);
    if (original === undefined || original.name === index.name) continue;
    await trx.raw('alter index ?? rename to ??', [qualifiedIndex(live, index.name), original.name]);
  }
};
