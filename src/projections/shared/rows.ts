import type { Knex } from 'knex';

/**
 * The row of `table` whose `column` equals `value`, by a plain SQL string: knex's query builder costs
 * several times the round trip itself in CPU, too much on the paths every request or batch takes.
 */
export const rowByKey = async <Row>(
  knex: Knex | Knex.Transaction,
  table: string,
  column: string,
  value: string,
): Promise<Row | undefined> => {
  const result = await knex.raw<{ rows: Row[] }>(`select * from ?? where ?? = ? limit 1`, [
    table,
    column,
    value,
  ]);
  return result.rows[0];
};
