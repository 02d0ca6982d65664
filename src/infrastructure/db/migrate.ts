import type { Knex } from 'knex';
import type { Migration, MigrationContext } from '../../projections/shared/migration';
import { migrations } from './migrations';

/** Feeds the slices' migrations to knex, in name order, with the schemas they work in. */
const migrationSource = (context: MigrationContext): Knex.MigrationSource<Migration> => ({
  getMigrations: () => Promise.resolve([...migrations].sort((a, b) => a.name.localeCompare(b.name))),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) =>
    Promise.resolve({
      up: (knex: Knex) => migration.up(knex, context),
      down: (knex: Knex) => migration.down(knex, context),
    }),
});

export const migrateToLatest = async (knex: Knex, context: MigrationContext): Promise<string[]> => {
  await knex.raw('create schema if not exists ??', [context.schema]);
  await knex.raw('create schema if not exists ??', [context.analyticsSchema]);
  const [, applied] = (await knex.migrate.latest({
    migrationSource: migrationSource(context),
    schemaName: context.schema,
  })) as [number, string[]];
  return applied;
};

export const rollbackAll = async (knex: Knex, context: MigrationContext): Promise<void> => {
  await knex.migrate.rollback(
    { migrationSource: migrationSource(context), schemaName: context.schema },
    true,
  );
};
