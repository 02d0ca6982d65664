import type { Migration } from '../shared/migration';
import { addPositionColumns } from '../shared/positionColumns';

export const userProfilesMigration: Migration = {
  name: '0110_user_profiles_read_model',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('user_profiles', (table) => {
      table.text('user_id').primary();
      table.text('email').notNullable();
      table.text('display_name').notNullable();
      table.specificType('roles', 'text[]').notNullable();
      table.timestamp('registered_at', { useTz: true }).notNullable();
      addPositionColumns(table);
    });
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('user_profiles');
  },
};
