import type { Migration } from '../../../projections/shared/migration';

export const idempotencyMigration: Migration = {
  name: '0051_http_idempotency_keys',
  up: async (knex) => {
    await knex.schema.createTable('idempotency_keys', (table) => {
      table.text('scope').notNullable();
      table.text('key').notNullable();
      table.text('request_hash').notNullable();
      table.integer('status');
      table.jsonb('response_body');
      table.jsonb('response_headers');
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('expires_at', { useTz: true }).notNullable().index();
      table.primary(['scope', 'key']);
    });
  },
  down: async (knex) => {
    await knex.schema.dropTable('idempotency_keys');
  },
};
