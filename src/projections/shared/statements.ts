import type { Knex } from 'knex';

/** A named prepared statement: Postgres parses and plans it once per connection. */
export type Statement = Readonly<{ name: string; text: string }>;

type PgConnection = Readonly<{
  query: (config: Statement & { values: unknown[] }) => Promise<{ rows: unknown[] }>;
}>;

/**
 * Runs a named statement on one of knex's pooled connections, for the views every request reads: knex's
 * query building and Postgres's parsing and planning cost more CPU than the round trip itself. Select
 * columns by name, never `*`: a column added by a migration would change the result type of the plans the
 * running processes cached, and Postgres refuses to run such a plan.
 */
export const runStatement = async <Row>(
  knex: Knex,
  statement: Statement,
  values: unknown[],
): Promise<Row[]> => {
  const client = knex.client as Knex.Client;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    return (await connection.query({ ...statement, values })).rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
};
