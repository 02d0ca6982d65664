import { AnalyticsRangeQuery } from '../analytics/dtos';
import { ref } from './schemas';
import type { OperationSpec } from './spec';

const ANALYSTS = ['analyst', 'admin'] as const;

const report = (path: string, operationId: string, summary: string, schema: string): OperationSpec => ({
  method: 'get',
  path: `/v1/analytics/${path}`,
  operationId,
  summary,
  description:
    'JSON by default; `Accept: text/csv` answers an RFC 4180 file. Ranges span at most 3,660 days.',
  tag: 'Analytics',
  access: ANALYSTS,
  query: AnalyticsRangeQuery,
  responses: {
    200: { description: 'The rows in the range.', schema: ref(schema), alternatives: ['text/csv'] },
  },
});

export const ANALYTICS_OPERATIONS: readonly OperationSpec[] = [
  report('daily-sales', 'dailySales', 'Orders, gross and refunds per merchant and day', 'DailySales'),
  report('product-sales', 'productSales', 'Quantity and revenue per product and day', 'ProductSales'),
  {
    ...report('order-funnel', 'orderFunnel', 'Placed → paid → completed, with drop-out rates', 'OrderFunnel'),
    description: 'Across all merchants (`merchantId` is refused). `Accept: text/csv` answers per-day rows.',
  },
];
