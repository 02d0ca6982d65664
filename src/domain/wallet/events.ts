import { type Message } from '../shared/decider';
import { eventTypeGuard, eventTypeNames } from '../shared/eventTypes';

export type WalletToppedUp = Message<
  'WalletToppedUp',
  { userId: string; amountMinor: number; currency: string; externalReference: string; toppedUpAt: string }
>;

export type WalletCharged = Message<
  'WalletCharged',
  { userId: string; orderId: string; amountMinor: number; chargedAt: string }
>;

/** A recorded decision, not an error: a replay after a later top-up must not charge this order. */
export type WalletChargeDeclined = Message<
  'WalletChargeDeclined',
  {
    userId: string;
    orderId: string;
    amountMinor: number;
    balanceMinor: number;
    reason: 'INSUFFICIENT_FUNDS';
    declinedAt: string;
  }
>;

export type WalletRefunded = Message<
  'WalletRefunded',
  { userId: string; orderId: string; amountMinor: number; refundedAt: string }
>;

/** `userId` is the merchant; `amountMinor` = gross − fee is what the wallet receives. */
export type WalletPayoutReceived = Message<
  'WalletPayoutReceived',
  {
    userId: string;
    orderId: string;
    grossMinor: number;
    feeMinor: number;
    amountMinor: number;
    paidOutAt: string;
  }
>;

export type WalletEvent =
  WalletToppedUp | WalletCharged | WalletChargeDeclined | WalletRefunded | WalletPayoutReceived;

export const walletEventTypes = eventTypeNames<WalletEvent['type']>({
  WalletToppedUp: 'WalletToppedUp',
  WalletCharged: 'WalletCharged',
  WalletChargeDeclined: 'WalletChargeDeclined',
  WalletRefunded: 'WalletRefunded',
  WalletPayoutReceived: 'WalletPayoutReceived',
});

export const isWalletEvent = eventTypeGuard<WalletEvent>(walletEventTypes);
