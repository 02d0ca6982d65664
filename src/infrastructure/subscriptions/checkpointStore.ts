import type { Knex } from 'knex';
import type { Position } from '../../application/eventStore/position';
import type { CheckpointStore } from '../../application/ports';
import type { Migration } from '../../projections/shared/migration';

export const subscriptionCheckpointsMigration: Migration = {
  name: '0060_subscription_checkpoints',
  up: async (knex) => {
    await knex.schema.createTable('subscription_checkpoints', (table) => {
      table.text('name').primary();
      // numeric(20): positions are unsigned 64-bit in EventStoreDB.
      table.decimal('commit_position', 20, 0).notNullable();
      table.decimal('prepare_position', 20, 0).notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  down: async (knex) => {
    await knex.schema.dropTable('subscription_checkpoints');
  },
};

type Row = Readonly<{ commit_position: string; prepare_position: string }>;

/** Checkpoints of subscribers whose effects live elsewhere (the processor appends events). */
export const createCheckpointStore = (knex: Knex): CheckpointStore => ({
  load: async (name) => {
    const row = (await knex('subscription_checkpoints').where({ name }).first()) as Row | undefined;
    return row === undefined
      ? undefined
      : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
  },
  save: async (name, position: Position) => {
    await knex('subscription_checkpoints')
      .insert({
        name,
        commit_position: position.commit.toString(),
        prepare_position: position.prepare.toString(),
        updated_at: knex.fn.now(),
      })
      .onConflict('name')
      .merge();
  },
});
