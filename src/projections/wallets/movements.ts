import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { assertNever } from '../../domain/shared/decider';
import type { WalletEvent } from '../../domain/wallet/events';
import type { ColumnTypes } from '../shared/columnRows';
import { positionValues } from '../shared/positionColumns';

export type WalletTransactionKind = 'top_up' | 'charge' | 'charge_declined' | 'refund' | 'payout';

type Movement = Readonly<{
  kind: WalletTransactionKind;
  amount_minor: number;
  balance_effect_minor: number;
  occurred_at: string;
  currency?: string;
  order_id?: string;
  external_reference?: string;
  gross_minor?: number;
  fee_minor?: number;
}>;

const movementOf = (event: WalletEvent): Movement => {
  switch (event.type) {
    case 'WalletToppedUp': {
      const { amountMinor, currency, externalReference, toppedUpAt } = event.data;
      const reference = { currency, external_reference: externalReference };
      return {
        kind: 'top_up',
        amount_minor: amountMinor,
        balance_effect_minor: amountMinor,
        occurred_at: toppedUpAt,
        ...reference,
      };
    }
    case 'WalletCharged': {
      const { amountMinor, orderId, chargedAt } = event.data;
      return {
        kind: 'charge',
        amount_minor: amountMinor,
        balance_effect_minor: -amountMinor,
        occurred_at: chargedAt,
        order_id: orderId,
      };
    }
    case 'WalletChargeDeclined': {
      const { amountMinor, orderId, declinedAt } = event.data;
      return {
        kind: 'charge_declined',
        amount_minor: amountMinor,
        balance_effect_minor: 0,
        occurred_at: declinedAt,
        order_id: orderId,
      };
    }
    case 'WalletRefunded': {
      const { amountMinor, orderId, refundedAt } = event.data;
      return {
        kind: 'refund',
        amount_minor: amountMinor,
        balance_effect_minor: amountMinor,
        occurred_at: refundedAt,
        order_id: orderId,
      };
    }
    case 'WalletPayoutReceived': {
      const { amountMinor, orderId, grossMinor, feeMinor, paidOutAt } = event.data;
      const split = { order_id: orderId, gross_minor: grossMinor, fee_minor: feeMinor };
      return {
        kind: 'payout',
        amount_minor: amountMinor,
        balance_effect_minor: amountMinor,
        occurred_at: paidOutAt,
        ...split,
      };
    }
    default:
      return assertNever(event);
  }
};

export const transactionColumns: ColumnTypes = {
  transaction_id: 'text',
  user_id: 'text',
  kind: 'text',
  amount_minor: 'bigint',
  balance_effect_minor: 'bigint',
  currency: 'text',
  order_id: 'text',
  external_reference: 'text',
  gross_minor: 'bigint',
  fee_minor: 'bigint',
  occurred_at: 'timestamptz',
  position_commit: 'numeric',
  position_prepare: 'numeric',
};

/**
 * A wallet_transactions row (one per event, keyed by the event id), its values in the order of
 * transactionColumns: a rebuild turns tens of thousands of them into COPY lines, and an array costs a
 * fraction of a keyed object to build and to read back.
 */
export const transactionRow = (event: RecordedEvent & WalletEvent): readonly unknown[] => {
  const movement = movementOf(event);
  const { position_commit, position_prepare } = positionValues(event.position);
  return [
    event.id,
    event.data.userId,
    movement.kind,
    movement.amount_minor,
    movement.balance_effect_minor,
    movement.currency,
    movement.order_id,
    movement.external_reference,
    movement.gross_minor,
    movement.fee_minor,
    movement.occurred_at,
    position_commit,
    position_prepare,
  ];
};
