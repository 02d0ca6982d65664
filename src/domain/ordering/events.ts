import { type Message } from '../shared/decider';
import { eventTypeGuard, eventTypeNames } from '../shared/eventTypes';

export type OrderLine = Readonly<{
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
}>;

type OrderParties = { orderId: string; customerId: string; merchantId: string };

export type OrderPlaced = Message<
  'OrderPlaced',
  OrderParties & { items: readonly OrderLine[]; totalMinor: number; currency: string; placedAt: string }
>;
export type OrderPaid = Message<'OrderPaid', OrderParties & { amountMinor: number; paidAt: string }>;
export type OrderPaymentFailed = Message<
  'OrderPaymentFailed',
  OrderParties & { reason: 'INSUFFICIENT_FUNDS'; failedAt: string }
>;
export type OrderAccepted = Message<'OrderAccepted', OrderParties & { acceptedAt: string }>;
export type OrderMarkedReady = Message<'OrderMarkedReady', OrderParties & { readyAt: string }>;
export type OrderCompleted = Message<
  'OrderCompleted',
  OrderParties & { totalMinor: number; completedAt: string }
>;
export type OrderCancelled = Message<
  'OrderCancelled',
  OrderParties & { wasPaid: boolean; reason?: string; cancelledAt: string }
>;
export type OrderRejected = Message<
  'OrderRejected',
  OrderParties & { wasPaid: boolean; reason: string; rejectedAt: string }
>;
export type OrderRefunded = Message<
  'OrderRefunded',
  OrderParties & { amountMinor: number; refundedAt: string }
>;

export type OrderEvent =
  | OrderPlaced
  | OrderPaid
  | OrderPaymentFailed
  | OrderAccepted
  | OrderMarkedReady
  | OrderCompleted
  | OrderCancelled
  | OrderRejected
  | OrderRefunded;

export const orderEventTypes = eventTypeNames<OrderEvent['type']>({
  OrderPlaced: 'OrderPlaced',
  OrderPaid: 'OrderPaid',
  OrderPaymentFailed: 'OrderPaymentFailed',
  OrderAccepted: 'OrderAccepted',
  OrderMarkedReady: 'OrderMarkedReady',
  OrderCompleted: 'OrderCompleted',
  OrderCancelled: 'OrderCancelled',
  OrderRejected: 'OrderRejected',
  OrderRefunded: 'OrderRefunded',
});

export const isOrderEvent = eventTypeGuard<OrderEvent>(orderEventTypes);
