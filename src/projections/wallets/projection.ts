import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { assertNever } from '../../domain/shared/decider';
import { isWalletEvent, type WalletEvent, walletEventTypes } from '../../domain/wallet/events';
import { defineProjection } from '../runner/projection';
import { type ColumnTypes, columnArrays, unnestColumns } from '../shared/columnRows';
import { eventsOf } from '../shared/events';
import { positionValues } from '../shared/positionColumns';

export const walletTables = { wallets: 'wallets', transactions: 'wallet_transactions' } as const;

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

const transactionRow = (event: RecordedEvent & WalletEvent) => ({
  transaction_id: event.id,
  user_id: event.data.userId,
  ...movementOf(event),
  ...positionValues(event.position),
});

const transactionColumns: ColumnTypes = {
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

// Balances move only by the transactions this statement really inserted: a re-applied event adds nothing.
const APPLY = `
  with inserted as (
    insert into ?? (${Object.keys(transactionColumns).join(', ')})
    select * from ${unnestColumns('r', transactionColumns)}
    on conflict (transaction_id) do nothing
    returning user_id, balance_effect_minor, currency, occurred_at)
  insert into ?? as w (user_id, balance_minor, currency, transaction_count, updated_at)
  select user_id, sum(balance_effect_minor), max(currency), count(*), max(occurred_at) from inserted group by user_id
  on conflict (user_id) do update set
    balance_minor = w.balance_minor + excluded.balance_minor,
    currency = coalesce(w.currency, excluded.currency),
    transaction_count = w.transaction_count + excluded.transaction_count,
    updated_at = greatest(w.updated_at, excluded.updated_at)`;

/** wallets and wallet_transactions: each user's balance and the movements that made it. */
export const walletsProjection = defineProjection({
  name: 'wallets',
  eventTypes: walletEventTypes,
  tables: walletTables,
  apply: async (trx, events, { wallets, transactions }) => {
    const rows = eventsOf(events, isWalletEvent).map(transactionRow);
    if (rows.length > 0) {
      await trx.raw(APPLY, [transactions, ...columnArrays(transactionColumns, rows), wallets]);
    }
  },
});
