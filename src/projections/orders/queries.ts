import type { Knex } from 'knex';
import type { OrderLine } from '../../domain/ordering/events';
import { decodeCursor, type Page, pageLimit, type PageRequest, toPage } from '../shared/cursor';
import { ORDER_STEPS } from './migration';
import { batchedLookup } from '../shared/batchedLookup';
import type { Statement } from '../shared/statements';
import { orderTables } from './projection';

export type OrderStatus = 'placed' | (typeof ORDER_STEPS)[number];

export type OrderSummary = Readonly<{
  orderId: string;
  customerId: string;
  merchantId: string;
  status: OrderStatus;
  totalMinor: number;
  currency: string;
  placedAt: string;
  updatedAt: string;
}>;

export type OrderView = OrderSummary &
  Readonly<{
    items: OrderLine[];
    /** The time of each step reached, e.g. `{ paid: '…', accepted: '…' }`. */
    steps: Partial<Record<(typeof ORDER_STEPS)[number], string>>;
    paidMinor: number | null;
    refundedMinor: number | null;
    cancelReason: string | null;
    rejectionReason: string | null;
  }>;

type OrderRow = Record<string, unknown> & {
  order_id: string;
  customer_id: string;
  merchant_id: string;
  status: OrderStatus;
  items: OrderLine[];
  total_minor: string;
  currency: string;
  placed_at: Date;
  updated_at: Date;
  paid_minor: string | null;
  refunded_minor: string | null;
  cancel_reason: string | null;
  rejection_reason: string | null;
};

const summaryColumns = [
  'order_id',
  'customer_id',
  'merchant_id',
  'status',
  'total_minor',
  'currency',
  'placed_at',
  'updated_at',
] as const;

type SummaryRow = Pick<OrderRow, (typeof summaryColumns)[number]>;

const toSummary = (row: SummaryRow): OrderSummary => ({
  orderId: row.order_id,
  customerId: row.customer_id,
  merchantId: row.merchant_id,
  status: row.status,
  totalMinor: Number(row.total_minor),
  currency: row.currency,
  placedAt: row.placed_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const nullableNumber = (value: string | null): number | null => (value === null ? null : Number(value));

const toView = (row: OrderRow): OrderView => {
  const steps: Partial<Record<(typeof ORDER_STEPS)[number], string>> = {};
  for (const step of ORDER_STEPS) {
    const at = row[`${step}_at`];
    if (at instanceof Date) steps[step] = at.toISOString();
  }
  return {
    ...toSummary(row),
    items: row.items,
    steps,
    paidMinor: nullableNumber(row.paid_minor),
    refundedMinor: nullableNumber(row.refunded_minor),
    cancelReason: row.cancel_reason,
    rejectionReason: row.rejection_reason,
  };
};

const VIEW_COLUMNS = [
  ...summaryColumns,
  'items',
  ...ORDER_STEPS.map((step) => `${step}_at`),
  'paid_minor',
  'refunded_minor',
  'cancel_reason',
  'rejection_reason',
];

/** The order view's statement, `$1` an array of order ids (the benchmark's bare endpoint runs it too). */
export const ORDERS_BY_ID: Statement = {
  name: 'orderly_view_orders_by_id',
  text: `select ${VIEW_COLUMNS.join(', ')} from ${orderTables.orders} where order_id = any($1::text[])`,
};

const orderById = batchedLookup<OrderRow>(ORDERS_BY_ID, (row) => row.order_id);

export const findOrder = async (knex: Knex, orderId: string): Promise<OrderView | undefined> => {
  const row = await orderById(knex, orderId);
  return row && toView(row);
};

/** Newest first by (placed_at, order_id): rows placed after the first page never shift later pages. */
const pageOfOrders = async (
  query: Knex.QueryBuilder<OrderRow, OrderRow[]>,
  request: PageRequest,
): Promise<Page<OrderSummary>> => {
  const limit = pageLimit(request);
  if (request.cursor !== undefined) {
    const after = decodeCursor(request.cursor);
    void query.whereRaw('(placed_at, order_id) < (?, ?)', [after.at, after.id]);
  }
  const rows: SummaryRow[] = await query
    .select(...summaryColumns)
    .orderBy([
      { column: 'placed_at', order: 'desc' },
      { column: 'order_id', order: 'desc' },
    ])
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.placed_at, id: row.order_id }), toSummary);
};

export const customerOrders = (knex: Knex, customerId: string, request: PageRequest = {}) =>
  pageOfOrders(knex<OrderRow>(orderTables.orders).where({ customer_id: customerId }), request);

/** A merchant's orders in the given statuses (all when none given), newest first. */
export const merchantOrderQueue = (
  knex: Knex,
  merchantId: string,
  statuses: readonly OrderStatus[],
  request: PageRequest = {},
) => {
  const query = knex<OrderRow>(orderTables.orders).where({ merchant_id: merchantId });
  if (statuses.length > 0) void query.whereIn('status', [...statuses]);
  return pageOfOrders(query, request);
};
