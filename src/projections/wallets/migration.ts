import type { Migration } from '../shared/migration';
import { addPositionColumns } from '../shared/positionColumns';

export const walletsMigration: Migration = {
  name: '0140_wallets_read_model',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('wallets', (table) => {
      table.text('user_id').primary();
      table.bigInteger('balance_minor').notNullable();
      table.text('currency');
      table.integer('transaction_count').notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable();
    });
    await knex.schema.withSchema(schema).createTable('wallet_transactions', (table) => {
      table.text('transaction_id').primary(); // the event id: inserting an event twice changes nothing
      table.text('user_id').notNullable();
      table.text('kind').notNullable();
      table.bigInteger('amount_minor').notNullable();
      table.bigInteger('balance_effect_minor').notNullable();
      table.text('currency');
      table.text('order_id');
      table.text('external_reference');
      table.bigInteger('gross_minor');
      table.bigInteger('fee_minor');
      table.timestamp('occurred_at', { useTz: true }).notNullable();
      addPositionColumns(table);
    });
    await knex.raw(
      'create index wallet_transactions_user_idx on ?? (user_id, occurred_at desc, transaction_id desc)',
      [`${schema}.wallet_transactions`],
    );
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('wallet_transactions');
    await knex.schema.withSchema(schema).dropTableIfExists('wallets');
  },
};
