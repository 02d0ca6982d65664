import knexFactory, { type Knex } from 'knex';
import { Pool } from 'pg';

export type DatabaseSettings = Readonly<{
  url: string;
  schema: string;
  poolSize: number;
  idleInTransactionTimeoutMs?: number;
  applicationName?: string;
}>;

const sessionOptions = (settings: DatabaseSettings): string => {
  const options = [`-c search_path=${settings.schema},public`];
  if (settings.idleInTransactionTimeoutMs !== undefined) {
    options.push(`-c idle_in_transaction_session_timeout=${settings.idleInTransactionTimeoutMs}`);
  }
  return options.join(' ');
};

/**
 * A pg pool whose sessions use the configured schema (tests isolate themselves with one schema each).
 * An idle connection dropped by a database restart is discarded by the pool; without a listener its
 * 'error' event would crash the process.
 */
export const createPool = (
  settings: DatabaseSettings,
  onIdleError: (error: Error) => void = () => {},
): Pool => {
  const pool = new Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    options: sessionOptions(settings),
    application_name: settings.applicationName ?? 'orderly',
  });
  pool.on('error', onIdleError);
  return pool;
};

export const createKnex = (settings: DatabaseSettings): Knex =>
  knexFactory({
    client: 'pg',
    connection: {
      connectionString: settings.url,
      options: sessionOptions(settings),
      application_name: settings.applicationName ?? 'orderly',
    } as Knex.PgConnectionConfig,
    searchPath: [settings.schema, 'public'],
    pool: { min: 0, max: settings.poolSize },
  });
