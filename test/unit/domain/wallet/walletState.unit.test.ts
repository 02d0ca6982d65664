import {
  foldWallet,
  hasReceivedPayout,
  orderCharge,
  walletBalance,
} from '../../../../src/domain/wallet/state';
import { charged, declined, orderId, otherOrderId, paidOut, refunded, toppedUp } from './fixtures';

describe('what the wallet state tells the payment process', () => {
  describe('when an order was charged and partly refunded', () => {
    const state = foldWallet([toppedUp(5_000), charged(1_200), refunded(200)]);

    it('knows the charge and the refund', () => {
      expect(orderCharge(state, orderId)).toEqual({
        status: 'charged',
        amountMinor: 1_200,
        refundedMinor: 200,
      });
    });

    it('balances top-ups, charges and refunds', () => {
      expect(walletBalance(state)).toBe(5_000 - 1_200 + 200);
    });

    it('knows nothing of other orders', () => {
      expect(orderCharge(state, otherOrderId)).toBeUndefined();
    });
  });

  describe('when a charge was declined', () => {
    it('records the decline without moving money', () => {
      const state = foldWallet([toppedUp(100), declined(1_200, 100)]);
      expect(orderCharge(state, orderId)).toEqual({ status: 'declined', amountMinor: 1_200 });
      expect(walletBalance(state)).toBe(100);
    });
  });

  describe('when a merchant was paid out', () => {
    it('credits the net amount once per order', () => {
      const state = foldWallet([paidOut(1_000, 30)]);
      expect(walletBalance(state)).toBe(970);
      expect(hasReceivedPayout(state, orderId)).toBe(true);
      expect(hasReceivedPayout(state, otherOrderId)).toBe(false);
    });
  });
});
