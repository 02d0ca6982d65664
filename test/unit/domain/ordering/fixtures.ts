import { type OrderEvent, type OrderLine } from '../../../../src/domain/ordering/events';

export const orderId = '5f0e7a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
export const customerId = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
export const merchantId = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
export const strangerId = '00000000-0000-4000-8000-000000000000';
export const now = '2026-01-10T12:00:00.000Z';
const parties = { orderId, customerId, merchantId };

export const line = (sku: string, quantity: number, unitPriceMinor: number): OrderLine => ({
  sku,
  name: `Product ${sku}`,
  quantity,
  unitPriceMinor,
  lineTotalMinor: quantity * unitPriceMinor,
});

export const items = [line('latte', 2, 350), line('croissant', 1, 220)];
export const totalMinor = 920;

export const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: { ...parties, items, totalMinor, currency: 'EUR', placedAt: now },
};
export const paid: OrderEvent = {
  type: 'OrderPaid',
  data: { ...parties, amountMinor: totalMinor, paidAt: now },
};
export const paymentFailed: OrderEvent = {
  type: 'OrderPaymentFailed',
  data: { ...parties, reason: 'INSUFFICIENT_FUNDS', failedAt: now },
};
export const accepted: OrderEvent = { type: 'OrderAccepted', data: { ...parties, acceptedAt: now } };
export const markedReady: OrderEvent = { type: 'OrderMarkedReady', data: { ...parties, readyAt: now } };
export const completed: OrderEvent = {
  type: 'OrderCompleted',
  data: { ...parties, totalMinor, completedAt: now },
};
export const cancelled = (wasPaid: boolean, reason?: string): OrderEvent => ({
  type: 'OrderCancelled',
  data: { ...parties, wasPaid, ...(reason === undefined ? {} : { reason }), cancelledAt: now },
});
export const rejected = (reason = 'out of stock'): OrderEvent => ({
  type: 'OrderRejected',
  data: { ...parties, wasPaid: true, reason, rejectedAt: now },
});
export const refunded = (amountMinor = totalMinor): OrderEvent => ({
  type: 'OrderRefunded',
  data: { ...parties, amountMinor, refundedAt: now },
});

/** One history per reachable state, named after it. */
export const histories = {
  empty: [],
  placed: [placed],
  payment_failed: [placed, paymentFailed],
  paid: [placed, paid],
  accepted: [placed, paid, accepted],
  ready: [placed, paid, accepted, markedReady],
  completed: [placed, paid, accepted, markedReady, completed],
  'cancelled unpaid': [placed, cancelled(false)],
  'cancelled paid': [placed, paid, cancelled(true)],
  rejected: [placed, paid, rejected()],
  'refunded after cancel': [placed, paid, cancelled(true), refunded()],
  'refunded after reject': [placed, paid, accepted, rejected(), refunded()],
} satisfies Record<string, readonly OrderEvent[]>;

export type HistoryName = keyof typeof histories;
export const historyNames = Object.keys(histories) as HistoryName[];
