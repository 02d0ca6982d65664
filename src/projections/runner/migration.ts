import type { Migration } from '../shared/migration';

/** Checkpoints (one row per projection, also its status) and the parked (dead-letter) events. */
export const projectionRunnerMigration: Migration = {
  name: '0100_projections_runner',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('projection_checkpoints', (table) => {
      table.text('name').primary();
      table.specificType('event_types', 'text[]').notNullable().defaultTo('{}');
      table.decimal('commit_position', 20, 0);
      table.decimal('prepare_position', 20, 0);
      table.timestamp('last_event_recorded_at', { useTz: true });
      table.bigInteger('events_applied').notNullable().defaultTo(0);
      table.text('state').notNullable().defaultTo('stopped');
      table.text('last_error');
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.withSchema(schema).createTable('projection_parked_events', (table) => {
      table.bigIncrements('id');
      table.text('projection').notNullable();
      table.decimal('commit_position', 20, 0).notNullable();
      table.decimal('prepare_position', 20, 0).notNullable();
      table.text('event_id').notNullable();
      table.text('event_type').notNullable();
      table.text('stream_name').notNullable();
      table.decimal('stream_revision', 20, 0).notNullable();
      table.timestamp('recorded_at', { useTz: true }).notNullable();
      table.jsonb('data').notNullable();
      table.jsonb('metadata').notNullable();
      table.text('error').notNullable();
      table.integer('attempts').notNullable();
      table.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.unique(['projection', 'event_id']);
      table.index(['projection', 'commit_position', 'prepare_position']);
    });
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('projection_parked_events');
    await knex.schema.withSchema(schema).dropTableIfExists('projection_checkpoints');
  },
};
