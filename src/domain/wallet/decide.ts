import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, IllegalStateError, ValidationError } from '../shared/errors';
import { mapGet, mapHas } from '../shared/persistentMap';
import {
  isCurrencyCode,
  isNonNegativeMinor,
  isPositiveMinor,
  isText,
  MAX_SAFE_MINOR,
} from '../shared/validation';
import {
  type ChargeForOrder,
  type ReceivePayout,
  type RefundOrderCharge,
  type TopUp,
  type WalletCommand,
} from './commands';
import { WalletErrorCodes as Codes } from './errors';
import { type WalletEvent } from './events';
import { evolveWallet, initialWalletState, type WalletState } from './state';

/** The largest single top-up accepted (10 million in a two-decimal currency). */
export const MAX_TOP_UP_MINOR = 1_000_000_000;
export const MAX_EXTERNAL_REFERENCE_LENGTH = 200;

// Commands live in ./commands; re-exported because callers import them from here too.
export type { ChargeForOrder, ReceivePayout, RefundOrderCharge, TopUp, WalletCommand } from './commands';

const invalidAmount = (field: string): ValidationError =>
  new ValidationError(Codes.INVALID_AMOUNT, `${field} must be a positive integer of minor units`, [
    { field, message: 'must be a positive integer of minor units' },
  ]);

const ensureRoomFor = (state: WalletState, amountMinor: number): void => {
  if (state.balanceMinor + amountMinor > MAX_SAFE_MINOR)
    throw new IllegalStateError(Codes.BALANCE_LIMIT_EXCEEDED, 'The wallet balance would exceed its limit');
};

const validateTopUp = (
  { amountMinor, currency, externalReference }: TopUp['data'],
  state: WalletState,
): void => {
  if (!isPositiveMinor(amountMinor, MAX_TOP_UP_MINOR)) throw invalidAmount('amountMinor');
  if (!isCurrencyCode(currency))
    throw new ValidationError(Codes.INVALID_CURRENCY, 'currency must be a three-letter code', [
      { field: 'currency', message: 'must be a three-letter upper-case code' },
    ]);
  if (!isText(externalReference, MAX_EXTERNAL_REFERENCE_LENGTH))
    throw new ValidationError(Codes.INVALID_REFERENCE, 'externalReference must be a non-blank string', [
      { field: 'externalReference', message: `must be 1..${MAX_EXTERNAL_REFERENCE_LENGTH} characters` },
    ]);
  if (state.currency !== undefined && state.currency !== currency)
    throw new ValidationError(Codes.CURRENCY_MISMATCH, `This wallet holds ${state.currency}`, [
      { field: 'currency', message: `must be ${state.currency}` },
    ]);
};

const topUp = (data: TopUp['data'], state: WalletState): WalletEvent[] => {
  validateTopUp(data, state);
  const earlier = mapGet(state.topUps, data.externalReference);
  if (earlier !== undefined) {
    if (earlier.amountMinor === data.amountMinor && earlier.currency === data.currency) return [];
    throw new ConflictError(
      Codes.TOP_UP_REFERENCE_REUSED,
      'This externalReference was used for another top-up',
      {
        externalReference: data.externalReference,
      },
    );
  }
  ensureRoomFor(state, data.amountMinor);
  const { userId, amountMinor, currency, externalReference, now } = data;
  return [
    { type: 'WalletToppedUp', data: { userId, amountMinor, currency, externalReference, toppedUpAt: now } },
  ];
};

/** Insufficient funds is a recorded decision, so a replay after a later top-up cannot charge the order. */
const charge = (
  { userId, orderId, amountMinor, now }: ChargeForOrder['data'],
  state: WalletState,
): WalletEvent[] => {
  if (!isPositiveMinor(amountMinor)) throw invalidAmount('amountMinor');
  if (mapHas(state.charges, orderId)) return [];
  if (state.balanceMinor < amountMinor) {
    const balanceMinor = state.balanceMinor;
    const declined = {
      userId,
      orderId,
      amountMinor,
      balanceMinor,
      reason: 'INSUFFICIENT_FUNDS',
      declinedAt: now,
    } as const;
    return [{ type: 'WalletChargeDeclined', data: declined }];
  }
  return [{ type: 'WalletCharged', data: { userId, orderId, amountMinor, chargedAt: now } }];
};

const refund = (
  { userId, orderId, amountMinor, now }: RefundOrderCharge['data'],
  state: WalletState,
): WalletEvent[] => {
  if (amountMinor !== undefined && !isPositiveMinor(amountMinor)) throw invalidAmount('amountMinor');
  const recorded = mapGet(state.charges, orderId);
  if (recorded === undefined) return [];
  switch (recorded.status) {
    case 'declined':
      return [];
    case 'charged': {
      if (recorded.refundedMinor > 0) return [];
      const refundMinor = amountMinor ?? recorded.amountMinor;
      if (refundMinor > recorded.amountMinor)
        throw new IllegalStateError(Codes.REFUND_EXCEEDS_CHARGE, 'A refund cannot exceed the charge', {
          orderId,
          chargedMinor: recorded.amountMinor,
          requestedMinor: refundMinor,
        });
      return [
        { type: 'WalletRefunded', data: { userId, orderId, amountMinor: refundMinor, refundedAt: now } },
      ];
    }
    default:
      return assertNever(recorded);
  }
};

const payout = (data: ReceivePayout['data'], state: WalletState): WalletEvent[] => {
  const { userId, orderId, grossMinor, feeMinor, now } = data;
  if (!isPositiveMinor(grossMinor)) throw invalidAmount('grossMinor');
  if (!isNonNegativeMinor(feeMinor, grossMinor))
    throw new ValidationError(Codes.INVALID_FEE, 'feeMinor must be an integer between 0 and grossMinor', [
      { field: 'feeMinor', message: 'must be an integer between 0 and grossMinor' },
    ]);
  if (mapHas(state.payouts, orderId)) return [];
  const amountMinor = grossMinor - feeMinor;
  ensureRoomFor(state, amountMinor);
  return [
    {
      type: 'WalletPayoutReceived',
      data: { userId, orderId, grossMinor, feeMinor, amountMinor, paidOutAt: now },
    },
  ];
};

export const decideWallet = (command: WalletCommand, state: WalletState): readonly WalletEvent[] => {
  switch (command.type) {
    case 'TopUp':
      return topUp(command.data, state);
    case 'ChargeForOrder':
      return charge(command.data, state);
    case 'RefundOrderCharge':
      return refund(command.data, state);
    case 'ReceivePayout':
      return payout(command.data, state);
    default:
      return assertNever(command);
  }
};

export const walletDecider: Decider<WalletCommand, WalletEvent, WalletState> = {
  decide: decideWallet,
  evolve: evolveWallet,
  initialState: initialWalletState,
};
