import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { assertNever } from '../../domain/shared/decider';
import {
  isOrderEvent,
  type OrderEvent,
  orderEventTypes,
  type OrderPlaced,
} from '../../domain/ordering/events';
import { OrderlyError } from '../../domain/shared/errors';
import { defineProjection } from '../runner/projection';
import { type ColumnTypes, columnArrays, unnestColumns } from '../shared/columnRows';
import { copyLines, copyRows } from '../shared/copyRows';
import { eventsOf, type Recorded } from '../shared/events';
import { positionValues } from '../shared/positionColumns';
import { ORDER_STEPS } from './migration';

export const orderTables = { orders: 'orders' } as const;

type OrderStep = (typeof ORDER_STEPS)[number];
type Change = Readonly<{ step: OrderStep; at: string; fields?: Readonly<Record<string, string | number>> }>;
type LaterEvent = Exclude<OrderEvent, OrderPlaced>;

/** Every event after OrderPlaced moves the order to a step, stamped with its time. */
const changeOf = (event: LaterEvent): Change => {
  switch (event.type) {
    case 'OrderPaid':
      return { step: 'paid', at: event.data.paidAt, fields: { paid_minor: event.data.amountMinor } };
    case 'OrderPaymentFailed':
      return { step: 'payment_failed', at: event.data.failedAt };
    case 'OrderAccepted':
      return { step: 'accepted', at: event.data.acceptedAt };
    case 'OrderMarkedReady':
      return { step: 'ready', at: event.data.readyAt };
    case 'OrderCompleted':
      return { step: 'completed', at: event.data.completedAt };
    case 'OrderCancelled':
      return {
        step: 'cancelled',
        at: event.data.cancelledAt,
        fields: reason('cancel_reason', event.data.reason),
      };
    case 'OrderRejected':
      return { step: 'rejected', at: event.data.rejectedAt, fields: { rejection_reason: event.data.reason } };
    case 'OrderRefunded':
      return {
        step: 'refunded',
        at: event.data.refundedAt,
        fields: { refunded_minor: event.data.amountMinor },
      };
    default:
      return assertNever(event);
  }
};

const reason = (column: string, value: string | undefined) =>
  value === undefined ? {} : { [column]: value };

const placedRow = ({ data }: Recorded<OrderPlaced>): Record<string, unknown> => ({
  order_id: data.orderId,
  customer_id: data.customerId,
  merchant_id: data.merchantId,
  status: 'placed',
  items: data.items,
  total_minor: data.totalMinor,
  currency: data.currency,
  placed_at: data.placedAt,
  updated_at: data.placedAt,
});

const applyChange = (row: Record<string, unknown>, event: Recorded<LaterEvent>): void => {
  const change = changeOf(event);
  if (change.fields !== undefined) Object.assign(row, change.fields);
  row.status = change.step;
  row[`${change.step}_at`] = change.at;
  row.updated_at = change.at;
};

/**
 * Folds the batch per order in memory: an order placed in this batch becomes one complete INSERT; the
 * others get one patch each (the last step wins the status, every step keeps its time). A row's position
 * is its last event's, set once per order.
 */
const foldBatch = (events: readonly Recorded<OrderEvent>[]) => {
  const placed = new Map<string, Record<string, unknown>>();
  const patches = new Map<string, Record<string, unknown>>();
  const lastEvents = new Map<Record<string, unknown>, Recorded<OrderEvent>>();
  for (const event of events) {
    const orderId = event.data.orderId;
    if (event.type === 'OrderPlaced') {
      const row = placedRow(event);
      placed.set(orderId, row);
      lastEvents.set(row, event);
      continue;
    }
    let row = placed.get(orderId) ?? patches.get(orderId);
    if (row === undefined) {
      row = { order_id: orderId };
      patches.set(orderId, row);
    }
    applyChange(row, event);
    lastEvents.set(row, event);
  }
  for (const [row, event] of lastEvents) Object.assign(row, positionValues(event.position));
  return { placed: [...placed.values()], patches: [...patches.values()] };
};

const stepColumns = ORDER_STEPS.map((step) => `${step}_at`);
const laterColumns: ColumnTypes = {
  ...Object.fromEntries(stepColumns.map((column) => [column, 'timestamptz'])),
  paid_minor: 'bigint',
  refunded_minor: 'bigint',
  cancel_reason: 'text',
  rejection_reason: 'text',
};
const positionColumns: ColumnTypes = { position_commit: 'numeric', position_prepare: 'numeric' };

const placedColumns: ColumnTypes = {
  order_id: 'text',
  customer_id: 'text',
  merchant_id: 'text',
  status: 'text',
  items: 'jsonb',
  total_minor: 'bigint',
  currency: 'text',
  placed_at: 'timestamptz',
  updated_at: 'timestamptz',
  ...laterColumns,
  ...positionColumns,
};

const INSERT = `
  insert into ?? (${Object.keys(placedColumns).join(', ')})
  select * from ${unnestColumns('r', placedColumns)}
  on conflict (order_id) do nothing`;

const patchColumns: ColumnTypes = {
  order_id: 'text',
  status: 'text',
  updated_at: 'timestamptz',
  ...laterColumns,
  ...positionColumns,
};

const newer = '(p.position_commit, p.position_prepare) > (o.position_commit, o.position_prepare)';
const latest = (column: string) => `${column} = case when ${newer} then p.${column} else o.${column} end`;
const first = (column: string) => `${column} = coalesce(o.${column}, p.${column})`;

// Step times and amounts are kept once set; status follows the newest event only, so replays cannot regress it.
const UPDATE = `
  update ?? as o set
    ${['status', 'updated_at', 'position_commit', 'position_prepare'].map(latest).join(', ')},
    ${Object.keys(laterColumns).map(first).join(', ')}
  from ${unnestColumns('p', patchColumns)}
  where o.order_id = p.order_id
  returning o.order_id`;

const updateOrders = async (
  trx: Knex.Transaction,
  table: string,
  patches: readonly Record<string, unknown>[],
): Promise<void> => {
  const result = await trx.raw<{ rows: unknown[] }>(UPDATE, [table, ...columnArrays(patchColumns, patches)]);
  if (result.rows.length !== patches.length) {
    // Lets the runner isolate and park the event of an order it never saw placed.
    throw new OrderlyError(
      'illegal_state',
      'PROJECTION.UNKNOWN_ORDER',
      'An order event refers to an unknown order.',
    );
  }
};

const foldOrders = (events: readonly RecordedEvent[]) => foldBatch(eventsOf(events, isOrderEvent));

/** orders: one row per order, its items, status and the time of each step. */
export const ordersProjection = defineProjection({
  name: 'orders',
  eventTypes: orderEventTypes,
  tables: orderTables,
  apply: async (trx, events, { orders }) => {
    const { placed, patches } = foldOrders(events);
    if (placed.length > 0) await trx.raw(INSERT, [orders, ...columnArrays(placedColumns, placed)]);
    if (patches.length > 0) await updateOrders(trx, orders, patches);
  },
  // Orders placed in the batch are loaded whole; the few placed in an earlier batch get their patch.
  bulk: {
    prepare: (events) => {
      const { placed, patches } = foldOrders(events);
      const lines = copyLines(Object.keys(placedColumns), placed);
      return async (trx, { orders }) => {
        await copyRows(trx, orders, Object.keys(placedColumns), lines);
        if (patches.length > 0) await updateOrders(trx, orders, patches);
      };
    },
  },
});
