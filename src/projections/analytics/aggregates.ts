import { FUNNEL_STEPS } from './migration';

/**
 * The aggregates as SELECTs over recorded steps: `steps` is a relation of order_steps rows (a batch's, or
 * the whole table); a `??` binding stands for order_facts in productSalesOf.
 */
export const funnelOf = (steps: string): string => `
  select day, ${FUNNEL_STEPS.map((step) => `count(*) filter (where step = '${step}')`).join(', ')}
    from ${steps} group by day`;

/** Sales are recognised at payment. */
export const dailySalesOf = (steps: string): string => `
  select merchant_id, day, count(*) filter (where step = 'paid'),
         coalesce(sum(amount_minor) filter (where step = 'paid'), 0),
         coalesce(sum(amount_minor) filter (where step = 'refunded'), 0)
    from ${steps} where step in ('paid', 'refunded') group by merchant_id, day`;

export const productSalesOf = (steps: string): string => `
  select f.merchant_id, line.sku, paid.day, sum(line.quantity), sum(line."lineTotalMinor")
    from ${steps} paid
    join ?? f on f.order_id = paid.order_id
    cross join jsonb_to_recordset(f.items) as line(sku text, quantity bigint, "lineTotalMinor" bigint)
   where paid.step = 'paid'
   group by f.merchant_id, line.sku, paid.day`;

export const FUNNEL_COLUMNS = ['day', ...FUNNEL_STEPS].join(', ');
export const DAILY_SALES_COLUMNS = 'merchant_id, day, orders, gross_minor, refunded_minor';
export const PRODUCT_SALES_COLUMNS = 'merchant_id, sku, day, quantity, revenue_minor';
