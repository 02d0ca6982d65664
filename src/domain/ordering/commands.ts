import { type Message } from '../shared/decider';
import { type OrderLine } from './events';

/** Items arrive already priced by the catalog (`priceOrderItems`); the order checks their arithmetic. */
export type PlaceOrder = Message<
  'PlaceOrder',
  {
    orderId: string;
    customerId: string;
    merchantId: string;
    items: readonly OrderLine[];
    currency: string;
    now: string;
  }
>;

/** Sent by the payment process; no actor, the HTTP edge never exposes these three. */
export type RecordPayment = Message<'RecordPayment', { orderId: string; amountMinor: number; now: string }>;
export type RecordPaymentFailure = Message<
  'RecordPaymentFailure',
  { orderId: string; reason: 'INSUFFICIENT_FUNDS'; now: string }
>;
export type RecordRefund = Message<'RecordRefund', { orderId: string; amountMinor: number; now: string }>;

/** Customer commands: `actorId` must be the order's customer. */
export type CancelOrder = Message<
  'CancelOrder',
  { orderId: string; actorId: string; reason?: string; now: string }
>;

/** Merchant commands: `actorId` must be the order's merchant. */
export type AcceptOrder = Message<'AcceptOrder', { orderId: string; actorId: string; now: string }>;
export type MarkOrderReady = Message<'MarkOrderReady', { orderId: string; actorId: string; now: string }>;
export type CompleteOrder = Message<'CompleteOrder', { orderId: string; actorId: string; now: string }>;
export type RejectOrder = Message<
  'RejectOrder',
  { orderId: string; actorId: string; reason: string; now: string }
>;

export type OrderCommand =
  | PlaceOrder
  | RecordPayment
  | RecordPaymentFailure
  | RecordRefund
  | CancelOrder
  | AcceptOrder
  | MarkOrderReady
  | CompleteOrder
  | RejectOrder;
