import type { Knex } from 'knex';
import type { Position } from '../../application/eventStore/position';
import type { Migration } from '../../projections/shared/migration';

export const publisherCheckpointsMigration: Migration = {
  name: '0302_publisher_checkpoints',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('publisher_checkpoints', (table) => {
      table.text('name').primary();
      // numeric(20): both parts are unsigned 64-bit integers in EventStoreDB.
      table.decimal('commit_position', 20, 0).notNullable();
      table.decimal('prepare_position', 20, 0).notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('publisher_checkpoints');
  },
};

type CheckpointRow = { commit_position: string; prepare_position: string };

/** The position after which the publisher resumes; undefined before its first confirmed batch. */
export const loadPublisherCheckpoint = async (knex: Knex, name: string): Promise<Position | undefined> => {
  const row = await knex('publisher_checkpoints')
    .first<CheckpointRow | undefined>('commit_position', 'prepare_position')
    .where({ name });
  return row === undefined
    ? undefined
    : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
};

export const savePublisherCheckpoint = async (
  knex: Knex,
  name: string,
  position: Position,
): Promise<void> => {
  await knex('publisher_checkpoints')
    .insert({
      name,
      commit_position: position.commit.toString(),
      prepare_position: position.prepare.toString(),
      updated_at: knex.fn.now(),
    })
    .onConflict('name')
    .merge();
};
