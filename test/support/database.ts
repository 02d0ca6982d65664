import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import { createKnex, createPool, type DatabaseSettings } from '../../src/infrastructure/db/postgres';
import { migrateToLatest } from '../../src/infrastructure/db/migrate';
import { ensureDatabase } from '../../src/infrastructure/db/ensureDatabase';

export type TestDatabase = Readonly<{
  settings: DatabaseSettings;
  analyticsSchema: string;
  pool: Pool;
  knex: Knex;
  /** Drops the schemas and closes the connections. */
  drop: () => Promise<void>;
}>;

export const testDatabaseUrl = (): string => process.env.TEST_DATABASE_URL as string;

/** A fresh, migrated schema pair for one test file, on the real Postgres. */
export const createTestDatabase = async (
  options: Readonly<{ poolSize?: number; migrate?: boolean }> = {},
) => {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  const suffix = randomBytes(5).toString('hex');
  const settings: DatabaseSettings = { url, schema: `t_${suffix}`, poolSize: options.poolSize ?? 10 };
  const analyticsSchema = `t_${suffix}_analytics`;
  const knex = createKnex(settings);
  if (options.migrate ?? true) {
    await migrateToLatest(knex, { schema: settings.schema, analyticsSchema });
  } else {
    await knex.raw('create schema ??', [settings.schema]);
  }
  const pool = createPool(settings);
  const drop = async (): Promise<void> => {
    await pool.end();
    await knex.raw('drop schema if exists ?? cascade', [settings.schema]);
    await knex.raw('drop schema if exists ?? cascade', [analyticsSchema]);
    await knex.destroy();
  };
  const database: TestDatabase = { settings, analyticsSchema, pool, knex, drop };
  return database;
};
