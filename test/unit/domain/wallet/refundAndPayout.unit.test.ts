import { IllegalStateError, ValidationError } from '../../../../src/domain/shared/errors';
import {
  type ReceivePayout,
  type RefundOrderCharge,
  walletDecider,
} from '../../../../src/domain/wallet/decide';
import { WalletErrorCodes } from '../../../../src/domain/wallet/errors';
import { DeciderSpecification } from '../deciderSpecification';
import {
  charged,
  declined,
  now,
  orderId,
  otherOrderId,
  paidOut,
  refunded,
  toppedUp,
  userId,
} from './fixtures';

const given = DeciderSpecification.for(walletDecider);

const refund = (amountMinor?: number, forOrder = orderId): RefundOrderCharge => ({
  type: 'RefundOrderCharge',
  data: { userId, orderId: forOrder, now, ...(amountMinor === undefined ? {} : { amountMinor }) },
});

const payout = (grossMinor: number, feeMinor: number, forOrder = orderId): ReceivePayout => ({
  type: 'ReceivePayout',
  data: { userId, orderId: forOrder, grossMinor, feeMinor, now },
});

describe('refunding an order charge', () => {
  describe('when the order was charged', () => {
    const history = [toppedUp(3_000), charged(1_200)];

    it('refunds the whole charge by default', () => {
      given(history)
        .when(refund())
        .then([refunded(1_200)]);
    });

    it('refunds part of the charge', () => {
      given(history)
        .when(refund(200))
        .then([refunded(200)]);
    });

    it('refuses a refund larger than the charge', () => {
      given(history)
        .when(refund(1_201))
        .thenThrows(IllegalStateError, WalletErrorCodes.REFUND_EXCEEDS_CHARGE);
    });

    it('refuses a non-positive amount', () => {
      given(history).when(refund(0)).thenThrows(ValidationError, WalletErrorCodes.INVALID_AMOUNT);
    });

    it('does not refund another order', () => {
      given(history).when(refund(undefined, otherOrderId)).thenNothing();
    });
  });

  describe('when the order was refunded', () => {
    it('refunds only once', () => {
      given([toppedUp(3_000), charged(1_200), refunded(1_200)])
        .when(refund())
        .thenNothing();
    });

    it('refunds only once after a partial refund too', () => {
      given([toppedUp(3_000), charged(1_200), refunded(200)])
        .when(refund(1_000))
        .thenNothing();
    });
  });

  describe('when the order was never charged', () => {
    it('has nothing to refund', () => {
      given([toppedUp(3_000)])
        .when(refund())
        .thenNothing();
    });

    it('has nothing to refund after a declined charge', () => {
      given([declined(1_200, 0)])
        .when(refund())
        .thenNothing();
    });
  });
});

describe('receiving a merchant payout', () => {
  describe('when the order was not paid out', () => {
    it('credits gross minus fee', () => {
      given([])
        .when(payout(1_000, 50))
        .then([paidOut(1_000, 50)]);
    });

    it('accepts a zero fee', () => {
      given([])
        .when(payout(1_000, 0))
        .then([paidOut(1_000, 0)]);
    });

    it.each([-1, 1_001, 0.5])('refuses the fee %p', (fee) => {
      given([]).when(payout(1_000, fee)).thenThrows(ValidationError, WalletErrorCodes.INVALID_FEE);
    });

    it('refuses a non-positive gross amount', () => {
      given([]).when(payout(0, 0)).thenThrows(ValidationError, WalletErrorCodes.INVALID_AMOUNT);
    });
  });

  describe('when the order was paid out', () => {
    it('pays out once per order', () => {
      given([paidOut(1_000, 50)])
        .when(payout(1_000, 50))
        .thenNothing();
    });

    it('pays out another order', () => {
      given([paidOut(1_000, 50)])
        .when(payout(700, 0, otherOrderId))
        .then([paidOut(700, 0, otherOrderId)]);
    });
  });
});
