import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { runStatement, type Statement } from './statements';

// Bounds one statement's key array; a busier turn of the event loop splits into several statements.
const MAX_KEYS_PER_STATEMENT = 256;

type Lookup<Row> = DataLoader<string, Row | undefined>;

const loaderOf = <Row>(knex: Knex, statement: Statement, keyOf: (row: Row) => string): Lookup<Row> =>
  new DataLoader<string, Row | undefined>(
    async (keys) => {
      const rows = await runStatement<Row>(knex, statement, [keys]);
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key));
    },
    {
      // Nothing is remembered between batches: every request reads the row as it is now.
      cache: false,
      // Every request whose socket became readable in this turn of the event loop has asked by then.
      batchScheduleFn: (run) => setImmediate(run),
      maxBatchSize: MAX_KEYS_PER_STATEMENT,
    },
  );

/**
 * Rows by key, where the lookups of concurrent requests are answered by one statement (`$1` is the array
 * of keys): under load one round trip serves many requests, alone a request waits for nothing.
 */
export const batchedLookup = <Row>(statement: Statement, keyOf: (row: Row) => string) => {
  const loaders = new WeakMap<Knex, Lookup<Row>>();
  return (knex: Knex, key: string): Promise<Row | undefined> => {
    let loader = loaders.get(knex);
    if (loader === undefined) {
      loader = loaderOf(knex, statement, keyOf);
      loaders.set(knex, loader);
    }
    return loader.load(key);
  };
};
