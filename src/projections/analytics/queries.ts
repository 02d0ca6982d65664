import type { Knex } from 'knex';
import { FUNNEL_STEPS } from './migration';
import { analyticsTables } from './projection';

export type DateRange = Readonly<{ from: string; to: string }>;

export type DailySales = Readonly<{
  merchantId: string;
  day: string;
  orders: number;
  grossMinor: number;
  refundedMinor: number;
}>;

export type ProductSales = Readonly<{
  merchantId: string;
  sku: string;
  day: string;
  quantity: number;
  revenueMinor: number;
}>;

export type FunnelDay = Readonly<{ day: string } & Record<(typeof FUNNEL_STEPS)[number], number>>;

type AnalyticsRow = Record<string, string | number>;

// Days come back as text: a `date` turned into a JS Date would shift with the server's time zone.
const day = "to_char(day, 'YYYY-MM-DD') as day";

export const dailySales = async (
  knex: Knex,
  schema: string,
  range: DateRange,
  merchantId?: string,
): Promise<DailySales[]> => {
  const query = knex(analyticsTables(schema).dailySales)
    .select('merchant_id', knex.raw(day), 'orders', 'gross_minor', 'refunded_minor')
    .whereBetween('day', [range.from, range.to])
    .orderBy([{ column: 'day' }, { column: 'merchant_id' }]);
  if (merchantId !== undefined) void query.andWhere({ merchant_id: merchantId });
  const rows = (await query) as AnalyticsRow[];
  return rows.map((row) => ({
    merchantId: String(row.merchant_id),
    day: String(row.day),
    orders: Number(row.orders),
    grossMinor: Number(row.gross_minor),
    refundedMinor: Number(row.refunded_minor),
  }));
};

export const productSales = async (
  knex: Knex,
  schema: string,
  range: DateRange,
  merchantId?: string,
): Promise<ProductSales[]> => {
  const query = knex(analyticsTables(schema).productSales)
    .select('merchant_id', 'sku', knex.raw(day), 'quantity', 'revenue_minor')
    .whereBetween('day', [range.from, range.to])
    .orderBy([{ column: 'day' }, { column: 'merchant_id' }, { column: 'sku' }]);
  if (merchantId !== undefined) void query.andWhere({ merchant_id: merchantId });
  const rows = (await query) as AnalyticsRow[];
  return rows.map((row) => ({
    merchantId: String(row.merchant_id),
    sku: String(row.sku),
    day: String(row.day),
    quantity: Number(row.quantity),
    revenueMinor: Number(row.revenue_minor),
  }));
};

export const orderFunnel = async (knex: Knex, schema: string, range: DateRange): Promise<FunnelDay[]> => {
  const rows = (await knex(analyticsTables(schema).funnel)
    .select(knex.raw(day), ...FUNNEL_STEPS)
    .whereBetween('day', [range.from, range.to])
    .orderBy('day')) as AnalyticsRow[];
  return rows.map((row) => {
    const counts = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, Number(row[step])]));
    return { day: String(row.day), ...counts } as FunnelDay;
  });
};
