import type { Migration } from '../shared/migration';

/** The devices a user registered for push notifications; the notifier reads it. */
export const devicesMigration: Migration = {
  name: '0300_devices_read_model',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('user_devices', (table) => {
      table.text('user_id').notNullable();
      table.text('device_id').notNullable();
      table.text('platform').notNullable();
      table.text('push_token').notNullable();
      table.timestamp('registered_at', { useTz: true }).notNullable();
      table.primary(['user_id', 'device_id']);
    });
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('user_devices');
  },
};
