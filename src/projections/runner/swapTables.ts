import type { Knex } from 'knex';

type Index = Readonly<{ name: string; shape: string }>;

const splitName = (table: string): { schema: string | undefined; name: string } => {
  const dot = table.lastIndexOf('.');
  return dot < 0
    ? { schema: undefined, name: table }
    : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
};

/** An index's definition without its own and its table's names, to pair a copy with its original. */
const indexesOf = async (trx: Knex.Transaction, table: string): Promise<Index[]> => {
  const { schema, name } = splitName(table);
  const result = await trx.raw<{ rows: { indexname: string; indexdef: string }[] }>(
    `select indexname, indexdef from pg_indexes
      where schemaname = coalesce(?::text, current_schema()) and tablename = ?`,
    [schema ?? null, name],
  );
  return result.rows.map((row) => ({
    name: row.indexname,
    shape: row.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ /, '$1'),
  }));
};

/** A fresh empty twin of a live table: same columns, defaults, constraints and indexes. */
export const createTwin = async (knex: Knex, live: string, twin: string): Promise<void> => {
  await knex.raw('drop table if exists ??', [twin]);
  await knex.raw('create table ?? (like ?? including all)', [twin, live]);
};

/**
 * Replaces the live table by its rebuilt twin inside the caller's transaction and gives the twin's
 * indexes the live names back, so a later rebuild starts from the same names.
 */
export const swapTable = async (trx: Knex.Transaction, live: string, twin: string): Promise<void> => {
  const liveIndexes = await indexesOf(trx, live);
  const { schema, name } = splitName(live);
  await trx.raw('drop table ??', [live]);
  await trx.raw('alter table ?? rename to ??', [twin, name]);
  for (const index of await indexesOf(trx, live)) {
    const original = liveIndexes.find((candidate) => candidate.shape === index.shape);
    if (original === undefined || original.name === index.name) continue;
    const qualified = schema === undefined ? index.name : `${schema}.${index.name}`;
    await trx.raw('alter index ?? rename to ??', [qualified, original.name]);
  }
};
