import type { Migration } from '../../projections/shared/migration';

/** Refresh tokens are kept hashed; a family links every rotation of one login. */
export const authMigration: Migration = {
  name: '0050_auth_refresh_tokens',
  up: async (knex) => {
    await knex.schema.createTable('refresh_tokens', (table) => {
      table.uuid('id').primary();
      table.uuid('family_id').notNullable().index();
      table.uuid('user_id').notNullable().index();
      table.text('token_hash').notNullable().unique();
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('expires_at', { useTz: true }).notNullable();
      table.timestamp('rotated_at', { useTz: true });
      table.timestamp('revoked_at', { useTz: true });
    });
  },
  down: async (knex) => {
    await knex.schema.dropTable('refresh_tokens');
  },
};
