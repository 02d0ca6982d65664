import type { Knex } from 'knex';
import { isOrderEvent, type OrderEvent, orderEventTypes } from '../../domain/ordering/events';
import { defineProjection, type Projection } from '../runner/projection';
import { copyLines, copyRows } from '../shared/copyRows';
import { eventsOf } from '../shared/events';
import {
  DAILY_SALES_COLUMNS,
  dailySalesOf,
  FUNNEL_COLUMNS,
  funnelOf,
  PRODUCT_SALES_COLUMNS,
  productSalesOf,
} from './aggregates';
import { FUNNEL_STEPS } from './migration';
import { factColumns, factRows, stepColumns, stepRows } from './rows';

const FACTS = `
  insert into ?? (${factColumns.join(', ')})
  select * from json_to_recordset(?::json) as r(order_id text, merchant_id text, items jsonb, total_minor bigint,
         placed_on date)
  on conflict (order_id) do nothing`;

const added = (columns: readonly string[], table: string) =>
  columns.map((column) => `${column} = ${table}.${column} + excluded.${column}`).join(', ');

/**
 * Counters grow only by the steps this statement really recorded (order_steps is keyed by order and step),
 * so applying an event twice counts it once.
 */
const STEPS = `
  with recorded as (
    insert into ?? (${stepColumns.join(', ')})
    select * from json_to_recordset(?::json) as r(order_id text, step text, merchant_id text, day date,
           amount_minor bigint)
    on conflict (order_id, step) do nothing
    returning *),
  funnel as (
    insert into ?? as f (${FUNNEL_COLUMNS}) ${funnelOf('recorded')}
    on conflict (day) do update set ${added(FUNNEL_STEPS, 'f')}),
  sales as (
    insert into ?? as s (${DAILY_SALES_COLUMNS}) ${dailySalesOf('recorded')}
    on conflict (merchant_id, day) do update set ${added(['orders', 'gross_minor', 'refunded_minor'], 's')})
  insert into ?? as p (${PRODUCT_SALES_COLUMNS}) ${productSalesOf('recorded')}
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

const apply = async (trx: Knex.Transaction, events: readonly OrderEvent[], tables: AnalyticsTables) => {
  const facts = factRows(events);
  const steps = stepRows(events);
  if (facts.length > 0) await trx.raw(FACTS, [tables.facts, JSON.stringify(facts)]);
  if (steps.length === 0) return;
  const { steps: stepTable, funnel, dailySales, productSales, facts: factTable } = tables;
  await trx.raw(STEPS, [stepTable, JSON.stringify(steps), funnel, dailySales, productSales, factTable]);
};

/** A rebuild's aggregates, from every recorded step at once (replacing what events retried one by one added). */
const recomputeAggregates = async (trx: Knex.Transaction, tables: AnalyticsTables): Promise<void> => {
  const { steps, facts, funnel, dailySales, productSales } = tables;
  for (const table of [funnel, dailySales, productSales]) await trx.raw('delete from ??', [table]);
  await trx.raw(`insert into ?? (${FUNNEL_COLUMNS}) ${funnelOf('??')}`, [funnel, steps]);
  await trx.raw(`insert into ?? (${DAILY_SALES_COLUMNS}) ${dailySalesOf('??')}`, [dailySales, steps]);
  await trx.raw(`insert into ?? (${PRODUCT_SALES_COLUMNS}) ${productSalesOf('??')}`, [
    productSales,
    steps,
    facts,
  ]);
};

const prepareBulk = (events: readonly OrderEvent[]) => {
  const facts = copyLines(factColumns, factRows(events));
  const steps = copyLines(stepColumns, stepRows(events));
  return async (trx: Knex.Transaction, tables: AnalyticsTables) => {
    await copyRows(trx, tables.facts, factColumns, facts);
    await copyRows(trx, tables.steps, stepColumns, steps);
  };
};

/** Daily sales per merchant, product sales and the order funnel, in the analytics schema. */
export const analyticsProjection = (analyticsSchema: string): Projection =>
  defineProjection({
    name: 'analytics',
    eventTypes: orderEventTypes,
    tables: analyticsTables(analyticsSchema),
    apply: (trx, events, tables) => apply(trx, eventsOf(events, isOrderEvent), tables),
    bulk: {
      prepare: (events) => prepareBulk(eventsOf(events, isOrderEvent)),
      finish: recomputeAggregates,
    },
  });
