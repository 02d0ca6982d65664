import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { isText } from '../shared/validation';
import { OrderErrorCodes as Codes, type OrderErrorCode } from './errors';
import { type ExistingOrder, type OrderState } from './state';

export const MAX_REASON_LENGTH = 500;

export const requireOrder = (state: OrderState, orderId: string): ExistingOrder => {
  if (state.status === 'empty') throw new NotFoundError(Codes.NOT_FOUND, `Order ${orderId} does not exist`);
  return state;
};

export const requireCustomer = (state: ExistingOrder, actorId: string): void => {
  if (state.order.customerId !== actorId)
    throw new ForbiddenError(Codes.NOT_ORDER_CUSTOMER, 'Only the customer who placed the order may do this');
};

export const requireMerchant = (state: ExistingOrder, actorId: string): void => {
  if (state.order.merchantId !== actorId)
    throw new ForbiddenError(
      Codes.NOT_ORDER_MERCHANT,
      'Only the merchant the order was placed with may do this',
    );
};

export const illegalTransition = (
  code: OrderErrorCode,
  action: string,
  state: ExistingOrder,
): IllegalStateError =>
  new IllegalStateError(code, `Cannot ${action} an order that is ${state.status.replace('_', ' ')}`, {
    orderId: state.order.orderId,
    status: state.status,
  });

export const validateReason = (reason: string | undefined, required: boolean): void => {
  if (reason === undefined && !required) return;
  if (reason === undefined || !isText(reason, MAX_REASON_LENGTH))
    throw new ValidationError(Codes.INVALID_REASON, 'The reason is invalid', [
      { field: 'reason', message: `must be 1..${MAX_REASON_LENGTH} characters` },
    ]);
};

export const validateAmount = (amountMinor: number): void => {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new ValidationError(Codes.INVALID_AMOUNT, 'The amount is invalid', [
      { field: 'amountMinor', message: 'must be a positive integer of minor units' },
    ]);
};

/** The parties every order event repeats, so projections need not look them up. */
export const partiesOf = ({ order }: ExistingOrder) => ({
  orderId: order.orderId,
  customerId: order.customerId,
  merchantId: order.merchantId,
});
