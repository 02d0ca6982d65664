import type { Migration } from '../shared/migration';

/**
 * The in-app inbox, and the notifier's own bookkeeping written in the same transactions: which notification
 * messages it has taken in or finished (dedupe by message id) and which devices already got each one.
 */
export const notificationsMigration: Migration = {
  name: '0301_notifications_inbox',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('notification_inbox', (table) => {
      table.text('notification_id').primary();
      table.text('user_id').notNullable();
      table.text('kind').notNullable();
      table.text('title').notNullable();
      table.text('body').notNullable();
      table.jsonb('data').notNullable();
      table.text('source_event_id').notNullable();
      table.text('source_event_type').notNullable();
      table.text('correlation_id');
      table.timestamp('occurred_at', { useTz: true }).notNullable();
      table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.timestamp('read_at', { useTz: true });
      table.index(['user_id', 'occurred_at', 'notification_id'], 'notification_inbox_by_user');
    });
    await knex.schema.withSchema(schema).createTable('notifier_messages', (table) => {
      table.text('message_id').primary();
      table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      /** Only one notifier works on a message at a time; a crashed one's lease simply runs out. */
      table.timestamp('lease_until', { useTz: true });
      table.timestamp('completed_at', { useTz: true });
    });
    await knex.schema.withSchema(schema).createTable('notification_deliveries', (table) => {
      table.text('message_id').notNullable();
      table.text('device_id').notNullable();
      table.text('outcome').notNullable();
      table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      table.primary(['message_id', 'device_id']);
    });
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('notification_deliveries');
    await knex.schema.withSchema(schema).dropTableIfExists('notifier_messages');
    await knex.schema.withSchema(schema).dropTableIfExists('notification_inbox');
  },
};
