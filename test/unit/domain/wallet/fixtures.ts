import { type WalletEvent } from '../../../../src/domain/wallet/events';

export const userId = '7b0c8f0e-3a51-4d7e-9b7e-0f1c2d3e4a01';
export const orderId = 'a3e1c2d4-5b6f-4a7b-8c9d-0e1f2a3b4c5d';
export const otherOrderId = 'b4f2d3e5-6c7a-4b8c-9dae-1f2a3b4c5d6e';
export const now = '2026-01-10T12:00:00.000Z';

export const toppedUp = (amountMinor: number, externalReference = 'psp-1'): WalletEvent => ({
  type: 'WalletToppedUp',
  data: { userId, amountMinor, currency: 'EUR', externalReference, toppedUpAt: now },
});

export const charged = (amountMinor: number, forOrder = orderId): WalletEvent => ({
  type: 'WalletCharged',
  data: { userId, orderId: forOrder, amountMinor, chargedAt: now },
});

export const declined = (amountMinor: number, balanceMinor: number, forOrder = orderId): WalletEvent => ({
  type: 'WalletChargeDeclined',
  data: {
    userId,
    orderId: forOrder,
    amountMinor,
    balanceMinor,
    reason: 'INSUFFICIENT_FUNDS',
    declinedAt: now,
  },
});

export const refunded = (amountMinor: number, forOrder = orderId): WalletEvent => ({
  type: 'WalletRefunded',
  data: { userId, orderId: forOrder, amountMinor, refundedAt: now },
});

export const paidOut = (grossMinor: number, feeMinor: number, forOrder = orderId): WalletEvent => ({
  type: 'WalletPayoutReceived',
  data: {
    userId,
    orderId: forOrder,
    grossMinor,
    feeMinor,
    amountMinor: grossMinor - feeMinor,
    paidOutAt: now,
  },
});
