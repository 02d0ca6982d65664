import { assertNever } from '../../domain/shared/decider';
import type { OrderEvent } from '../../domain/ordering/events';
import type { FUNNEL_STEPS } from './migration';

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

export const factColumns = ['order_id', 'merchant_id', 'items', 'total_minor', 'placed_on'] as const;
export const stepColumns = ['order_id', 'step', 'merchant_id', 'day', 'amount_minor'] as const;

type Row<Columns extends readonly string[]> = Readonly<Record<Columns[number], unknown>>;

/** An order_facts row per order placed in the batch. */
export const factRows = (events: readonly OrderEvent[]): Row<typeof factColumns>[] =>
  events.flatMap((event) =>
    event.type === 'OrderPlaced'
      ? [
          {
            order_id: event.data.orderId,
            merchant_id: event.data.merchantId,
            items: event.data.items,
            total_minor: event.data.totalMinor,
            placed_on: utcDay(event.data.placedAt),
          },
        ]
      : [],
  );

/** An order_steps row per event that is a step of the funnel. */
export const stepRows = (events: readonly OrderEvent[]): Row<typeof stepColumns>[] =>
  events.flatMap((event) => {
    const step = stepOf(event);
    if (step === undefined) return [];
    const { orderId, merchantId } = event.data;
    const day = utcDay(step.at);
    return [{ order_id: orderId, step: step.step, merchant_id: merchantId, day, amount_minor: step.amount }];
  });
