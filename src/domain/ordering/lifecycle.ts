import {
  type AcceptOrder,
  type CancelOrder,
  type CompleteOrder,
  type MarkOrderReady,
  type RejectOrder,
} from './commands';
import { OrderErrorCodes as Codes } from './errors';
import { type OrderEvent } from './events';
import {
  illegalTransition,
  partiesOf,
  requireCustomer,
  requireMerchant,
  requireOrder,
  validateReason,
} from './guards';
import { type OrderState } from './state';

/** The customer may cancel until the merchant accepts; `wasPaid` tells the payment process to refund. */
export const cancelOrder = (data: CancelOrder['data'], state: OrderState): OrderEvent[] => {
  validateReason(data.reason, false);
  const order = requireOrder(state, data.orderId);
  requireCustomer(order, data.actorId);
  if (order.status === 'cancelled' || (order.status === 'refunded' && order.endedAs === 'cancelled'))
    throw illegalTransition(Codes.ALREADY_CANCELLED, 'cancel', order);
  if (order.status !== 'placed' && order.status !== 'paid')
    throw illegalTransition(Codes.NOT_CANCELLABLE, 'cancel', order);
  const reason = data.reason === undefined ? {} : { reason: data.reason };
  const wasPaid = order.status === 'paid';
  return [
    { type: 'OrderCancelled', data: { ...partiesOf(order), wasPaid, ...reason, cancelledAt: data.now } },
  ];
};

export const acceptOrder = (
  { orderId, actorId, now }: AcceptOrder['data'],
  state: OrderState,
): OrderEvent[] => {
  const order = requireOrder(state, orderId);
  requireMerchant(order, actorId);
  if (order.status !== 'paid') throw illegalTransition(Codes.NOT_ACCEPTABLE, 'accept', order);
  return [{ type: 'OrderAccepted', data: { ...partiesOf(order), acceptedAt: now } }];
};

export const markOrderReady = (
  { orderId, actorId, now }: MarkOrderReady['data'],
  state: OrderState,
): OrderEvent[] => {
  const order = requireOrder(state, orderId);
  requireMerchant(order, actorId);
  if (order.status !== 'accepted') throw illegalTransition(Codes.CANNOT_MARK_READY, 'mark ready', order);
  return [{ type: 'OrderMarkedReady', data: { ...partiesOf(order), readyAt: now } }];
};

export const completeOrder = (
  { orderId, actorId, now }: CompleteOrder['data'],
  state: OrderState,
): OrderEvent[] => {
  const order = requireOrder(state, orderId);
  requireMerchant(order, actorId);
  if (order.status !== 'ready') throw illegalTransition(Codes.NOT_COMPLETABLE, 'complete', order);
  const totalMinor = order.order.totalMinor;
  return [{ type: 'OrderCompleted', data: { ...partiesOf(order), totalMinor, completedAt: now } }];
};

/** Rejection is only possible once paid, so a rejected order always awaits a refund. */
export const rejectOrder = (
  { orderId, actorId, reason, now }: RejectOrder['data'],
  state: OrderState,
): OrderEvent[] => {
  validateReason(reason, true);
  const order = requireOrder(state, orderId);
  requireMerchant(order, actorId);
  if (order.status !== 'paid' && order.status !== 'accepted')
    throw illegalTransition(Codes.NOT_REJECTABLE, 'reject', order);
  return [{ type: 'OrderRejected', data: { ...partiesOf(order), wasPaid: true, reason, rejectedAt: now } }];
};
