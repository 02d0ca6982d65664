import { orderDecider } from '../../../../src/domain/ordering/decide';
import { OrderErrorCodes as Codes } from '../../../../src/domain/ordering/errors';
import { ForbiddenError, IllegalStateError, ValidationError } from '../../../../src/domain/shared/errors';
import { DeciderSpecification } from '../deciderSpecification';
import {
  cancelled,
  customerId,
  histories,
  merchantId,
  now,
  orderId,
  refunded,
  strangerId,
  totalMinor,
} from './fixtures';

const given = DeciderSpecification.for(orderDecider);

describe('who may act on an order', () => {
  describe('when paid', () => {
    it.each([merchantId, strangerId])('refuses a cancel by %s, who is not the customer', (actorId) => {
      given(histories.paid)
        .when({ type: 'CancelOrder', data: { orderId, actorId, now } })
        .thenThrows(ForbiddenError, Codes.NOT_ORDER_CUSTOMER);
    });

    it.each([customerId, strangerId])('refuses an accept by %s, who is not the merchant', (actorId) => {
      given(histories.paid)
        .when({ type: 'AcceptOrder', data: { orderId, actorId, now } })
        .thenThrows(ForbiddenError, Codes.NOT_ORDER_MERCHANT);
    });

    it.each([customerId, strangerId])('refuses a rejection by %s', (actorId) => {
      given(histories.paid)
        .when({ type: 'RejectOrder', data: { orderId, actorId, reason: 'closed', now } })
        .thenThrows(ForbiddenError, Codes.NOT_ORDER_MERCHANT);
    });
  });

  describe('when accepted', () => {
    it('refuses marking ready by the customer', () => {
      given(histories.accepted)
        .when({ type: 'MarkOrderReady', data: { orderId, actorId: customerId, now } })
        .thenThrows(ForbiddenError, Codes.NOT_ORDER_MERCHANT);
    });
  });

  describe('when ready', () => {
    it('refuses completion by a stranger', () => {
      given(histories.ready)
        .when({ type: 'CompleteOrder', data: { orderId, actorId: strangerId, now } })
        .thenThrows(ForbiddenError, Codes.NOT_ORDER_MERCHANT);
    });
  });
});

describe('reasons', () => {
  describe('when placed', () => {
    it('records the reason the customer gives', () => {
      given(histories.placed)
        .when({ type: 'CancelOrder', data: { orderId, actorId: customerId, reason: 'changed my mind', now } })
        .then([cancelled(false, 'changed my mind')]);
    });

    it('refuses an overlong reason', () => {
      given(histories.placed)
        .when({ type: 'CancelOrder', data: { orderId, actorId: customerId, reason: 'x'.repeat(501), now } })
        .thenThrows(ValidationError, Codes.INVALID_REASON);
    });
  });

  describe('when paid', () => {
    it('refuses a rejection without a reason', () => {
      given(histories.paid)
        .when({ type: 'RejectOrder', data: { orderId, actorId: merchantId, reason: '  ', now } })
        .thenThrows(ValidationError, Codes.INVALID_REASON);
    });
  });
});

describe('payment and refund amounts', () => {
  describe('when placed', () => {
    it('refuses a payment that differs from the total', () => {
      given(histories.placed)
        .when({ type: 'RecordPayment', data: { orderId, amountMinor: totalMinor - 1, now } })
        .thenThrows(IllegalStateError, Codes.PAYMENT_AMOUNT_MISMATCH);
    });

    it.each([0, -1, 0.5])('refuses the payment amount %p', (amountMinor) => {
      given(histories.placed)
        .when({ type: 'RecordPayment', data: { orderId, amountMinor, now } })
        .thenThrows(ValidationError, Codes.INVALID_AMOUNT);
    });
  });

  describe('when rejected', () => {
    it('records a partial refund', () => {
      given(histories.rejected)
        .when({ type: 'RecordRefund', data: { orderId, amountMinor: 100, now } })
        .then([refunded(100)]);
    });

    it('refuses a refund above the payment', () => {
      given(histories.rejected)
        .when({ type: 'RecordRefund', data: { orderId, amountMinor: totalMinor + 1, now } })
        .thenThrows(IllegalStateError, Codes.REFUND_EXCEEDS_PAYMENT);
    });

    it('refuses a non-positive refund', () => {
      given(histories.rejected)
        .when({ type: 'RecordRefund', data: { orderId, amountMinor: 0, now } })
        .thenThrows(ValidationError, Codes.INVALID_AMOUNT);
    });
  });
});
