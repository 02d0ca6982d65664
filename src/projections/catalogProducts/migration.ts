import type { Migration } from '../shared/migration';
import { addPositionColumns } from '../shared/positionColumns';

export const catalogProductsMigration: Migration = {
  name: '0120_catalog_products_read_model',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('catalog_products', (table) => {
      table.text('merchant_id').notNullable();
      table.text('sku').notNullable();
      table.text('name').notNullable();
      table.bigInteger('price_minor').notNullable();
      table.text('currency').notNullable();
      table.boolean('listed').notNullable();
      table.timestamp('listed_at', { useTz: true }).notNullable();
      table.timestamp('delisted_at', { useTz: true });
      table.timestamp('updated_at', { useTz: true }).notNullable();
      addPositionColumns(table);
      table.primary(['merchant_id', 'sku']);
    });
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('catalog_products');
  },
};
