import { ValidationError } from '../../../../src/domain/shared/errors';
import { type ChargeForOrder, walletDecider } from '../../../../src/domain/wallet/decide';
import { WalletErrorCodes } from '../../../../src/domain/wallet/errors';
import { DeciderSpecification } from '../deciderSpecification';
import { charged, declined, now, orderId, otherOrderId, refunded, toppedUp, userId } from './fixtures';

const given = DeciderSpecification.for(walletDecider);

const chargeFor = (amountMinor: number, forOrder = orderId): ChargeForOrder => ({
  type: 'ChargeForOrder',
  data: { userId, orderId: forOrder, amountMinor, now },
});

describe('charging a wallet for an order', () => {
  describe('when the wallet is new', () => {
    it('declines instead of going negative, recording the decision', () => {
      given([])
        .when(chargeFor(1))
        .then([declined(1, 0)]);
    });
  });

  describe('when the balance covers the order', () => {
    it('charges the order', () => {
      given([toppedUp(1_000)])
        .when(chargeFor(1_000))
        .then([charged(1_000)]);
    });

    it.each([0, -5, 2.5])('refuses the amount %p', (amount) => {
      given([toppedUp(1_000)])
        .when(chargeFor(amount))
        .thenThrows(ValidationError, WalletErrorCodes.INVALID_AMOUNT);
    });
  });

  describe('when the balance is short by one', () => {
    it('declines with the balance at the time', () => {
      given([toppedUp(999)])
        .when(chargeFor(1_000))
        .then([declined(1_000, 999)]);
    });
  });

  describe('when the order was charged', () => {
    it('does not charge it again', () => {
      given([toppedUp(5_000), charged(1_000)])
        .when(chargeFor(1_000))
        .thenNothing();
    });

    it('does not charge it again even after a refund', () => {
      given([toppedUp(5_000), charged(1_000), refunded(1_000)])
        .when(chargeFor(1_000))
        .thenNothing();
    });

    it('still charges another order', () => {
      given([toppedUp(5_000), charged(1_000)])
        .when(chargeFor(1_000, otherOrderId))
        .then([charged(1_000, otherOrderId)]);
    });

    it('declines another order the remaining balance cannot cover', () => {
      given([toppedUp(1_500), charged(1_000)])
        .when(chargeFor(1_000, otherOrderId))
        .then([declined(1_000, 500, otherOrderId)]);
    });
  });

  describe('when the charge was declined', () => {
    it('does not charge the order after a later top-up (a replayed command)', () => {
      given([declined(1_000, 0), toppedUp(5_000, 'psp-later')])
        .when(chargeFor(1_000))
        .thenNothing();
    });
  });
});
