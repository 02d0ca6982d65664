import { assertNever } from '../shared/decider';
import { IllegalStateError } from '../shared/errors';
import { type RecordPayment, type RecordPaymentFailure, type RecordRefund } from './commands';
import { OrderErrorCodes as Codes } from './errors';
import { type OrderEvent } from './events';
import { illegalTransition, partiesOf, requireOrder, validateAmount } from './guards';
import { paidAmount, type OrderState } from './state';

/**
 * A payment for an order that is no longer waiting for one (cancelled meanwhile) is refused, so the
 * payment process refunds the charge; a replayed payment of a paid order changes nothing.
 */
export const recordPayment = (
  { orderId, amountMinor, now }: RecordPayment['data'],
  state: OrderState,
): OrderEvent[] => {
  validateAmount(amountMinor);
  const order = requireOrder(state, orderId);
  if (order.status === 'placed') {
    if (amountMinor !== order.order.totalMinor)
      throw new IllegalStateError(
        Codes.PAYMENT_AMOUNT_MISMATCH,
        'The payment does not match the order total',
        {
          orderId,
          totalMinor: order.order.totalMinor,
          amountMinor,
        },
      );
    return [{ type: 'OrderPaid', data: { ...partiesOf(order), amountMinor, paidAt: now } }];
  }
  if (paidAmount(order) !== undefined) return [];
  throw illegalTransition(Codes.NOT_AWAITING_PAYMENT, 'record a payment for', order);
};

/** A decline that arrives after the customer cancelled the unpaid order has nothing left to change. */
export const recordPaymentFailure = (
  { orderId, reason, now }: RecordPaymentFailure['data'],
  state: OrderState,
): OrderEvent[] => {
  const order = requireOrder(state, orderId);
  if (order.status === 'placed')
    return [{ type: 'OrderPaymentFailed', data: { ...partiesOf(order), reason, failedAt: now } }];
  if (order.status === 'payment_failed') return [];
  if (order.status === 'cancelled' && order.paidMinor === undefined) return [];
  throw illegalTransition(Codes.ALREADY_PAID, 'record a failed payment for', order);
};

export const recordRefund = (
  { orderId, amountMinor, now }: RecordRefund['data'],
  state: OrderState,
): OrderEvent[] => {
  validateAmount(amountMinor);
  const order = requireOrder(state, orderId);
  switch (order.status) {
    case 'refunded':
      return [];
    case 'cancelled':
    case 'rejected':
      // A charge that landed after an unpaid cancellation is reversed by the wallet; the order never saw it.
      if (order.paidMinor === undefined) return [];
      if (amountMinor > order.paidMinor)
        throw new IllegalStateError(Codes.REFUND_EXCEEDS_PAYMENT, 'A refund cannot exceed the payment', {
          orderId,
          paidMinor: order.paidMinor,
          amountMinor,
        });
      return [{ type: 'OrderRefunded', data: { ...partiesOf(order), amountMinor, refundedAt: now } }];
    case 'placed':
    case 'payment_failed':
    case 'paid':
    case 'accepted':
    case 'ready':
    case 'completed':
      throw illegalTransition(Codes.NOT_REFUNDABLE, 'refund', order);
    default:
      return assertNever(order);
  }
};
