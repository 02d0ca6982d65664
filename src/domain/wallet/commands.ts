import { type Message } from '../shared/decider';

export type TopUp = Message<
  'TopUp',
  { userId: string; amountMinor: number; currency: string; externalReference: string; now: string }
>;
export type ChargeForOrder = Message<
  'ChargeForOrder',
  { userId: string; orderId: string; amountMinor: number; now: string }
>;
/** Without `amountMinor` the whole charge is refunded. */
export type RefundOrderCharge = Message<
  'RefundOrderCharge',
  { userId: string; orderId: string; amountMinor?: number; now: string }
>;
/** Sent to the merchant's wallet when an order completes; the wallet receives gross − fee. */
export type ReceivePayout = Message<
  'ReceivePayout',
  { userId: string; orderId: string; grossMinor: number; feeMinor: number; now: string }
>;

export type WalletCommand = TopUp | ChargeForOrder | RefundOrderCharge | ReceivePayout;
