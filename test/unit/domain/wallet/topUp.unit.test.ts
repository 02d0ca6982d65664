import { ConflictError, IllegalStateError, ValidationError } from '../../../../src/domain/shared/errors';
import { MAX_TOP_UP_MINOR, type TopUp, walletDecider } from '../../../../src/domain/wallet/decide';
import { WalletErrorCodes } from '../../../../src/domain/wallet/errors';
import { DeciderSpecification } from '../deciderSpecification';
import { now, paidOut, toppedUp, userId } from './fixtures';

const given = DeciderSpecification.for(walletDecider);

const topUp = (amountMinor: number, externalReference = 'psp-1', currency = 'EUR'): TopUp => ({
  type: 'TopUp',
  data: { userId, amountMinor, currency, externalReference, now },
});

describe('wallet top-up', () => {
  describe('when the wallet is new', () => {
    it('records the top-up', () => {
      given([])
        .when(topUp(2_500))
        .then([toppedUp(2_500)]);
    });

    it.each([0, -1, 1.5, Number.NaN, MAX_TOP_UP_MINOR + 1])('refuses the amount %p', (amount) => {
      given([]).when(topUp(amount)).thenThrows(ValidationError, WalletErrorCodes.INVALID_AMOUNT);
    });

    it('accepts the largest allowed top-up', () => {
      given([])
        .when(topUp(MAX_TOP_UP_MINOR))
        .then([toppedUp(MAX_TOP_UP_MINOR)]);
    });

    it('refuses a blank external reference', () => {
      given([]).when(topUp(100, '  ')).thenThrows(ValidationError, WalletErrorCodes.INVALID_REFERENCE);
    });

    it('refuses a malformed currency', () => {
      given([])
        .when(topUp(100, 'psp-1', 'eur'))
        .thenThrows(ValidationError, WalletErrorCodes.INVALID_CURRENCY);
    });
  });

  describe('when topped up before', () => {
    it('ignores the same reference with the same amount (a retried webhook)', () => {
      given([toppedUp(2_500)])
        .when(topUp(2_500))
        .thenNothing();
    });

    it('refuses the same reference with another amount', () => {
      given([toppedUp(2_500)])
        .when(topUp(9_999))
        .thenThrows(ConflictError, WalletErrorCodes.TOP_UP_REFERENCE_REUSED);
    });

    it('accepts a new reference', () => {
      given([toppedUp(2_500)])
        .when(topUp(2_500, 'psp-2'))
        .then([toppedUp(2_500, 'psp-2')]);
    });

    it('refuses a top-up in another currency', () => {
      given([toppedUp(2_500)])
        .when(topUp(100, 'psp-2', 'USD'))
        .thenThrows(ValidationError, WalletErrorCodes.CURRENCY_MISMATCH);
    });

    it('refuses a top-up that would push the balance past the safe integer range', () => {
      given([toppedUp(100), paidOut(Number.MAX_SAFE_INTEGER - 200, 0)])
        .when(topUp(101, 'psp-2'))
        .thenThrows(IllegalStateError, WalletErrorCodes.BALANCE_LIMIT_EXCEEDED);
    });
  });
});
