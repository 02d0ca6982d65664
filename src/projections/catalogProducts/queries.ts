import type { Knex } from 'knex';
import { catalogTables } from './projection';

export type CatalogProduct = Readonly<{
  merchantId: string;
  sku: string;
  name: string;
  priceMinor: number;
  currency: string;
  listed: boolean;
  updatedAt: string;
}>;

type ProductRow = {
  merchant_id: string;
  sku: string;
  name: string;
  price_minor: string;
  currency: string;
  listed: boolean;
  updated_at: Date;
};

const toProduct = (row: ProductRow): CatalogProduct => ({
  merchantId: row.merchant_id,
  sku: row.sku,
  name: row.name,
  priceMinor: Number(row.price_minor),
  currency: row.currency,
  listed: row.listed,
  updatedAt: row.updated_at.toISOString(),
});

/** A merchant's listed products by SKU (a catalog is small: no pagination). */
export const merchantProducts = async (
  knex: Knex,
  merchantId: string,
  options: Readonly<{ includeDelisted?: boolean }> = {},
): Promise<CatalogProduct[]> => {
  const query = knex<ProductRow>(catalogTables.products)
    .select('merchant_id', 'sku', 'name', 'price_minor', 'currency', 'listed', 'updated_at')
    .where({ merchant_id: merchantId })
    .orderBy('sku');
  if (options.includeDelisted !== true) void query.andWhere({ listed: true });
  return (await query).map(toProduct);
};
