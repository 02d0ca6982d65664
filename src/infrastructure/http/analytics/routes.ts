import { type Request, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { ValidationError } from '../../../domain/shared/errors';
import { FUNNEL_STEPS } from '../../../projections/analytics/migration';
import {
  dailySales,
  type DailySales,
  type DateRange,
  orderFunnel,
  productSales,
  type ProductSales,
} from '../../../projections/analytics/queries';
import type { AccessTokens } from '../../auth/accessTokens';
import { authenticate, requireRole } from '../authenticate';
import { rateLimitByUser } from '../rateLimits';
import { parseDto } from '../validation';
import { type CsvColumn, toCsv } from './csv';
import { AnalyticsRangeQuery } from './dtos';
import { funnelRates, type FunnelRow, funnelRows, funnelTotals } from './funnel';

export type AnalyticsRouteDeps = Readonly<{
  /** Reads the analytics schema's read models. */
  knex: Knex;
  analyticsSchema: string;
  accessTokens: AccessTokens;
  rateLimitPerMinute: number;
}>;

const MAX_RANGE_DAYS = 3_660;

const rangeOf = (req: Request): DateRange & { merchantId?: string } => {
  const query = parseDto(AnalyticsRangeQuery, req.query, 'query');
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (!(days >= 0 && days <= MAX_RANGE_DAYS)) {
    throw new ValidationError('ANALYTICS.INVALID_RANGE', 'The date range is invalid.', [
      { field: 'to', message: `must be on or after from, at most ${MAX_RANGE_DAYS} days later` },
    ]);
  }
  return query;
};

// The funnel read model counts orders per day across merchants only.
const noMerchantFunnel = (): ValidationError =>
  new ValidationError('ANALYTICS.FILTER_UNSUPPORTED', 'The funnel is not kept per merchant.', [
    { field: 'merchantId', message: 'is not supported by the order funnel' },
  ]);

const wantsCsv = (req: Request): boolean => req.accepts(['application/json', 'text/csv']) === 'text/csv';

/** JSON by default; `Accept: text/csv` gets the rows as an RFC 4180 file. */
const send = (req: Request, res: Response, json: unknown, csv: () => string): void => {
  res.setHeader('Vary', 'Accept');
  if (wantsCsv(req)) res.type('text/csv; charset=utf-8').send(csv());
  else res.json(json);
};

const DAILY_SALES_CSV: readonly CsvColumn<DailySales>[] = [
  { header: 'day', value: (row) => row.day },
  { header: 'merchant_id', value: (row) => row.merchantId },
  { header: 'orders', value: (row) => row.orders },
  { header: 'gross_minor', value: (row) => row.grossMinor },
  { header: 'refunded_minor', value: (row) => row.refundedMinor },
];

const PRODUCT_SALES_CSV: readonly CsvColumn<ProductSales>[] = [
  { header: 'day', value: (row) => row.day },
  { header: 'merchant_id', value: (row) => row.merchantId },
  { header: 'sku', value: (row) => row.sku },
  { header: 'quantity', value: (row) => row.quantity },
  { header: 'revenue_minor', value: (row) => row.revenueMinor },
];

const RATE_COLUMNS = [
  'paidOfPlaced',
  'completedOfPaid',
  'completedOfPlaced',
  'cancellationRate',
  'paymentFailureRate',
  'rejectionRate',
] as const;

const FUNNEL_CSV: readonly CsvColumn<FunnelRow>[] = [
  { header: 'day', value: (row) => row.day },
  ...FUNNEL_STEPS.map((step) => ({ header: step, value: (row: FunnelRow) => row[step] })),
  ...RATE_COLUMNS.map((rate) => ({ header: rate, value: (row: FunnelRow) => row[rate] })),
];

/** Analysts (and admins): daily sales per merchant, product sales and the order funnel over a date range. */
export const analyticsRoutes = (deps: AnalyticsRouteDeps): Router => {
  const guard = [
    authenticate(deps.accessTokens),
    requireRole('analyst', 'admin'),
    rateLimitByUser(deps.rateLimitPerMinute),
  ];
  const { knex, analyticsSchema: schema } = deps;
  return Router()
    .get('/v1/analytics/daily-sales', ...guard, async (req, res) => {
      const range = rangeOf(req);
      const rows = await dailySales(knex, schema, range, range.merchantId);
      send(req, res, { from: range.from, to: range.to, rows }, () => toCsv(DAILY_SALES_CSV, rows));
    })
    .get('/v1/analytics/product-sales', ...guard, async (req, res) => {
      const range = rangeOf(req);
      const rows = await productSales(knex, schema, range, range.merchantId);
      send(req, res, { from: range.from, to: range.to, rows }, () => toCsv(PRODUCT_SALES_CSV, rows));
    })
    .get('/v1/analytics/order-funnel', ...guard, async (req, res) => {
      const range = rangeOf(req);
      if (range.merchantId !== undefined) throw noMerchantFunnel();
      const days = await orderFunnel(knex, schema, range);
      const totals = funnelTotals(days);
      const json = { from: range.from, to: range.to, totals, rates: funnelRates(totals), days };
      send(req, res, json, () => toCsv(FUNNEL_CSV, funnelRows(days)));
    });
};
