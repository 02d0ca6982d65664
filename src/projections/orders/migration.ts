import type { Migration } from '../shared/migration';
import { addPositionColumns } from '../shared/positionColumns';

export const ORDER_STEPS = [
  'paid',
  'payment_failed',
  'accepted',
  'ready',
  'completed',
  'cancelled',
  'rejected',
  'refunded',
] as const;

/** One row per order serves the detail, a customer's list and a merchant's queue (by their indexes). */
export const ordersMigration: Migration = {
  name: '0130_orders_read_model',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('orders', (table) => {
      table.text('order_id').primary();
      table.text('customer_id').notNullable();
      table.text('merchant_id').notNullable();
      table.text('status').notNullable();
      table.jsonb('items').notNullable();
      table.bigInteger('total_minor').notNullable();
      table.text('currency').notNullable();
      table.timestamp('placed_at', { useTz: true }).notNullable();
      for (const step of ORDER_STEPS) table.timestamp(`${step}_at`, { useTz: true });
      table.bigInteger('paid_minor');
      table.bigInteger('refunded_minor');
      table.text('cancel_reason');
      table.text('rejection_reason');
      table.timestamp('updated_at', { useTz: true }).notNullable();
      addPositionColumns(table);
    });
    await knex.raw('create index orders_customer_idx on ?? (customer_id, placed_at desc, order_id desc)', [
      `${schema}.orders`,
    ]);
    await knex.raw(
      'create index orders_merchant_queue_idx on ?? (merchant_id, status, placed_at desc, order_id desc)',
      [`${schema}.orders`],
    );
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('orders');
  },
};
