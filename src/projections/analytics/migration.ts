import type { Knex } from 'knex';
import type { Migration } from '../shared/migration';

export const FUNNEL_STEPS = [
  'placed',
  'paid',
  'payment_failed',
  'completed',
  'cancelled',
  'rejected',
  'refunded',
] as const;

const createFacts = async (knex: Knex, schema: string): Promise<void> => {
  await knex.schema.withSchema(schema).createTable('order_facts', (table) => {
    table.text('order_id').primary();
    table.text('merchant_id').notNullable();
    table.jsonb('items').notNullable();
    table.bigInteger('total_minor').notNullable();
    table.date('placed_on').notNullable();
  });
  await knex.schema.withSchema(schema).createTable('order_steps', (table) => {
    table.text('order_id').notNullable();
    table.text('step').notNullable();
    table.text('merchant_id').notNullable();
    table.date('day').notNullable();
    table.bigInteger('amount_minor');
    table.primary(['order_id', 'step']);
  });
};

const createAggregates = async (knex: Knex, schema: string): Promise<void> => {
  await knex.schema.withSchema(schema).createTable('daily_merchant_sales', (table) => {
    table.text('merchant_id').notNullable();
    table.date('day').notNullable();
    table.integer('orders').notNullable();
    table.bigInteger('gross_minor').notNullable();
    table.bigInteger('refunded_minor').notNullable();
    table.primary(['merchant_id', 'day']);
  });
  await knex.schema.withSchema(schema).createTable('product_sales', (table) => {
    table.text('merchant_id').notNullable();
    table.text('sku').notNullable();
    table.date('day').notNullable();
    table.bigInteger('quantity').notNullable();
    table.bigInteger('revenue_minor').notNullable();
    table.primary(['merchant_id', 'sku', 'day']);
  });
  await knex.schema.withSchema(schema).createTable('order_funnel_daily', (table) => {
    table.date('day').primary();
    for (const step of FUNNEL_STEPS) table.integer(step).notNullable().defaultTo(0);
  });
};

/** The analytics tables live in their own schema, the one analysts get a read-only role on. */
export const analyticsMigration: Migration = {
  name: '0150_analytics_read_models',
  up: async (knex, { analyticsSchema }) => {
    await knex.raw('create schema if not exists ??', [analyticsSchema]);
    await createFacts(knex, analyticsSchema);
    await createAggregates(knex, analyticsSchema);
  },
  down: async (knex, { analyticsSchema }) => {
    for (const table of [
      'order_funnel_daily',
      'product_sales',
      'daily_merchant_sales',
      'order_steps',
      'order_facts',
    ]) {
      await knex.schema.withSchema(analyticsSchema).dropTableIfExists(table);
    }
  },
};
