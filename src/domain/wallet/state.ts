import { assertNever } from '../shared/decider';
import { emptyMap, mapGet, mapHas, mapSet, type PersistentMap } from '../shared/persistentMap';
import { type WalletEvent } from './events';

/** What the wallet decided about one order's charge; refunds only ever apply to a `charged` one. */
export type OrderCharge =
  | Readonly<{ status: 'charged'; amountMinor: number; refundedMinor: number }>
  | Readonly<{ status: 'declined'; amountMinor: number }>;

export type RecordedTopUp = Readonly<{ amountMinor: number; currency: string }>;

/**
 * A wallet has no lifecycle of its own (it exists with a zero balance before its first event), so the
 * state is one shape; the per-order charge record is the union that decisions narrow on.
 */
export type WalletState = Readonly<{
  balanceMinor: number;
  currency: string | undefined;
  topUps: PersistentMap<RecordedTopUp>;
  charges: PersistentMap<OrderCharge>;
  payouts: PersistentMap<number>;
}>;

export const initialWalletState = (): WalletState => ({
  balanceMinor: 0,
  currency: undefined,
  topUps: emptyMap(),
  charges: emptyMap(),
  payouts: emptyMap(),
});

const refunded = (state: WalletState, orderId: string, amountMinor: number): WalletState => {
  const charge = mapGet(state.charges, orderId);
  const refundedBefore = charge?.status === 'charged' ? charge.refundedMinor : 0;
  const chargedMinor = charge?.amountMinor ?? 0;
  return {
    ...state,
    balanceMinor: state.balanceMinor + amountMinor,
    charges: mapSet(state.charges, orderId, {
      status: 'charged',
      amountMinor: chargedMinor,
      refundedMinor: refundedBefore + amountMinor,
    }),
  };
};

export const evolveWallet = (state: WalletState, event: WalletEvent): WalletState => {
  const { type, data } = event;
  switch (type) {
    case 'WalletToppedUp':
      return {
        ...state,
        balanceMinor: state.balanceMinor + data.amountMinor,
        currency: state.currency ?? data.currency,
        topUps: mapSet(state.topUps, data.externalReference, {
          amountMinor: data.amountMinor,
          currency: data.currency,
        }),
      };
    case 'WalletCharged':
      return {
        ...state,
        balanceMinor: state.balanceMinor - data.amountMinor,
        charges: mapSet(state.charges, data.orderId, {
          status: 'charged',
          amountMinor: data.amountMinor,
          refundedMinor: 0,
        }),
      };
    case 'WalletChargeDeclined':
      return {
        ...state,
        charges: mapSet(state.charges, data.orderId, { status: 'declined', amountMinor: data.amountMinor }),
      };
    case 'WalletRefunded':
      return refunded(state, data.orderId, data.amountMinor);
    case 'WalletPayoutReceived':
      return {
        ...state,
        balanceMinor: state.balanceMinor + data.amountMinor,
        payouts: mapSet(state.payouts, data.orderId, data.amountMinor),
      };
    default:
      return assertNever(type);
  }
};

export const walletBalance = (state: WalletState): number => state.balanceMinor;

/** The charge recorded for an order, if any: the process manager refunds only what was charged. */
export const orderCharge = (state: WalletState, orderId: string): OrderCharge | undefined =>
  mapGet(state.charges, orderId);

export const hasReceivedPayout = (state: WalletState, orderId: string): boolean =>
  mapHas(state.payouts, orderId);

export const foldWallet = (events: readonly WalletEvent[]): WalletState =>
  events.reduce(evolveWallet, initialWalletState());
