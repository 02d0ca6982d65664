import type { Knex } from 'knex';
import { assertNever } from '../../domain/shared/decider';
import { isOrderEvent, type OrderEvent, orderEventTypes } from '../../domain/ordering/events';
import { defineProjection, type Projection } from '../runner/projection';
import { eventsOf } from '../shared/events';
import { FUNNEL_STEPS } from './migration';

type FunnelStep = (typeof FUNNEL_STEPS)[number];
type Step = Readonly<{ step: FunnelStep; at: string; amount?: number }>;

/** The funnel step an order event counts as; accepted and ready are not steps of the funnel. */
const stepOf = (event: OrderEvent): Step | undefined => {
  switch (event.type) {
    case 'OrderPlaced':
      return { step: 'placed', at: event.data.placedAt, amount: event.data.totalMinor };
    case 'OrderPaid':
      return { step: 'paid', at: event.data.paidAt, amount: event.data.amountMinor };
    case 'OrderPaymentFailed':
      return { step: 'payment_failed', at: event.data.failedAt };
    case 'OrderCompleted':
      return { step: 'completed', at: event.data.completedAt, amount: event.data.totalMinor };
    case 'OrderCancelled':
      return { step: 'cancelled', at: event.data.cancelledAt };
    case 'OrderRejected':
      return { step: 'rejected', at: event.data.rejectedAt };
    case 'OrderRefunded':
      return { step: 'refunded', at: event.data.refundedAt, amount: event.data.amountMinor };
    case 'OrderAccepted':
    case 'OrderMarkedReady':
      return undefined;
    default:
      return assertNever(event);
  }
};

const utcDay = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

const FACTS = `
  insert into ?? (order_id, merchant_id, items, total_minor, placed_on)
  select * from json_to_recordset(?::json) as r(order_id text, merchant_id text, items jsonb, total_minor bigint,
         placed_on date)
  on conflict (order_id) do nothing`;

const added = (columns: readonly string[], table: string) =>
  columns.map((column) => `${column} = ${table}.${column} + excluded.${column}`).join(', ');

/**
 * Counters grow only by the steps this statement really recorded (order_steps is keyed by order and step),
 * so applying an event twice counts it once. Sales are recognised at payment.
 */
const STEPS = `
  with recorded as (
    insert into ?? (order_id, step, merchant_id, day, amount_minor)
    select * from json_to_recordset(?::json) as r(order_id text, step text, merchant_id text, day date,
           amount_minor bigint)
    on conflict (order_id, step) do nothing
    returning *),
  funnel as (
    insert into ?? as f (day, ${FUNNEL_STEPS.join(', ')})
    select day, ${FUNNEL_STEPS.map((step) => `count(*) filter (where step = '${step}')`).join(', ')}
      from recorded group by day
    on conflict (day) do update set ${added(FUNNEL_STEPS, 'f')}),
  sales as (
    insert into ?? as s (merchant_id, day, orders, gross_minor, refunded_minor)
    select merchant_id, day, count(*) filter (where step = 'paid'),
           coalesce(sum(amount_minor) filter (where step = 'paid'), 0),
           coalesce(sum(amount_minor) filter (where step = 'refunded'), 0)
      from recorded where step in ('paid', 'refunded') group by merchant_id, day
    on conflict (merchant_id, day) do update set ${added(['orders', 'gross_minor', 'refunded_minor'], 's')})
  insert into ?? as p (merchant_id, sku, day, quantity, revenue_minor)
  select f.merchant_id, line.sku, paid.day, sum(line.quantity), sum(line."lineTotalMinor")
    from recorded paid
    join ?? f on f.order_id = paid.order_id
    cross join jsonb_to_recordset(f.items) as line(sku text, quantity bigint, "lineTotalMinor" bigint)
   where paid.step = 'paid'
   group by f.merchant_id, line.sku, paid.day
  on conflict (merchant_id, sku, day) do update set ${added(['quantity', 'revenue_minor'], 'p')}`;

export const analyticsTables = (schema: string) =>
  ({
    facts: `${schema}.order_facts`,
    steps: `${schema}.order_steps`,
    dailySales: `${schema}.daily_merchant_sales`,
    productSales: `${schema}.product_sales`,
    funnel: `${schema}.order_funnel_daily`,
  }) as const;

type AnalyticsTables = ReturnType<typeof analyticsTables>;

const factRow = (data: Extract<OrderEvent, { type: 'OrderPlaced' }>['data']) => ({
  order_id: data.orderId,
  merchant_id: data.merchantId,
  items: data.items,
  total_minor: data.totalMinor,
  placed_on: utcDay(data.placedAt),
});

const apply = async (trx: Knex.Transaction, events: readonly OrderEvent[], tables: AnalyticsTables) => {
  const facts = events.flatMap((event) => (event.type === 'OrderPlaced' ? [factRow(event.data)] : []));
  const steps = events.flatMap((event) => {
    const step = stepOf(event);
    return step === undefined
      ? []
      : [
          {
            order_id: event.data.orderId,
            step: step.step,
            merchant_id: event.data.merchantId,
            day: utcDay(step.at),
            amount_minor: step.amount ?? null,
          },
        ];
  });
  if (facts.length > 0) await trx.raw(FACTS, [tables.facts, JSON.stringify(facts)]);
  if (steps.length === 0) return;
  const { steps: stepTable, funnel, dailySales, productSales, facts: factTable } = tables;
  await trx.raw(STEPS, [stepTable, JSON.stringify(steps), funnel, dailySales, productSales, factTable]);
};

/** Daily sales per merchant, product sales and the order funnel, in the analytics schema. */
export const analyticsProjection = (analyticsSchema: string): Projection =>
  defineProjection({
    name: 'analytics',
    eventTypes: orderEventTypes,
    tables: analyticsTables(analyticsSchema),
    apply: (trx, events, tables) => apply(trx, eventsOf(events, isOrderEvent), tables),
  });
