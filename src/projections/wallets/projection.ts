import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { isWalletEvent, walletEventTypes } from '../../domain/wallet/events';
import { defineProjection } from '../runner/projection';
import { tupleColumnArrays, unnestColumns } from '../shared/columnRows';
import { copyLine, copyRows } from '../shared/copyRows';
import { eventsOf } from '../shared/events';
import { transactionColumns, transactionRow } from './movements';

export type { WalletTransactionKind } from './movements';

export const walletTables = { wallets: 'wallets', transactions: 'wallet_transactions' } as const;

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

// A rebuild's balances, from every transaction at once. The currency is the first one a wallet saw, as
// the upsert keeps it (unless a wallet's first batch carried two currencies, which no command produces).
const BALANCES = `
  insert into ?? (user_id, balance_minor, currency, transaction_count, updated_at)
  select user_id, sum(balance_effect_minor),
         (array_agg(currency order by position_commit, position_prepare) filter (where currency is not null))[1],
         count(*), max(occurred_at)
    from ?? group by user_id`;

const walletRows = (events: readonly RecordedEvent[]) => eventsOf(events, isWalletEvent).map(transactionRow);

/** wallets and wallet_transactions: each user's balance and the movements that made it. */
export const walletsProjection = defineProjection({
  name: 'wallets',
  eventTypes: walletEventTypes,
  tables: walletTables,
  apply: async (trx, events, { wallets, transactions }) => {
    const rows = walletRows(events);
    if (rows.length > 0) {
      await trx.raw(APPLY, [transactions, ...tupleColumnArrays(transactionColumns, rows), wallets]);
    }
  },
  bulk: {
    prepare: (events) => {
      const lines = walletRows(events).map(copyLine);
      return (trx, { transactions }) => copyRows(trx, transactions, Object.keys(transactionColumns), lines);
    },
    finish: async (trx, { wallets, transactions }) => {
      await trx.raw('delete from ??', [wallets]); // rows that events retried one by one upserted
      await trx.raw(BALANCES, [wallets, transactions]);
    },
  },
});
