import type { Knex } from 'knex';
import { decodeCursor, type Page, pageLimit, type PageRequest, toPage } from '../shared/cursor';
import { batchedLookup } from '../shared/batchedLookup';
import { walletTables, type WalletTransactionKind } from './projection';

export type WalletView = Readonly<{
  userId: string;
  balanceMinor: number;
  currency: string | null;
  transactionCount: number;
  updatedAt: string;
}>;

export type WalletTransaction = Readonly<{
  transactionId: string;
  kind: WalletTransactionKind;
  amountMinor: number;
  /** Signed change of the balance: a charge is negative, a declined charge zero. */
  balanceEffectMinor: number;
  orderId: string | null;
  externalReference: string | null;
  occurredAt: string;
}>;

type WalletRow = {
  user_id: string;
  balance_minor: string;
  currency: string | null;
  transaction_count: number;
  updated_at: Date;
};

const TRANSACTION_COLUMNS = [
  'transaction_id',
  'kind',
  'amount_minor',
  'balance_effect_minor',
  'order_id',
  'external_reference',
  'occurred_at',
] as const;

type TransactionRow = {
  user_id: string;
  transaction_id: string;
  kind: WalletTransactionKind;
  amount_minor: string;
  balance_effect_minor: string;
  order_id: string | null;
  external_reference: string | null;
  occurred_at: Date;
};

const walletByUser = batchedLookup<WalletRow>(
  {
    name: 'orderly_view_wallets_by_user',
    text: `select user_id, balance_minor, currency, transaction_count, updated_at
      from ${walletTables.wallets} where user_id = any($1::text[])`,
  },
  (row) => row.user_id,
);

export const findWallet = async (knex: Knex, userId: string): Promise<WalletView | undefined> => {
  const row = await walletByUser(knex, userId);
  return (
    row && {
      userId: row.user_id,
      balanceMinor: Number(row.balance_minor),
      currency: row.currency,
      transactionCount: row.transaction_count,
      updatedAt: row.updated_at.toISOString(),
    }
  );
};

type ListedRow = Pick<TransactionRow, (typeof TRANSACTION_COLUMNS)[number]>;

const toTransaction = (row: ListedRow): WalletTransaction => ({
  transactionId: row.transaction_id,
  kind: row.kind,
  amountMinor: Number(row.amount_minor),
  balanceEffectMinor: Number(row.balance_effect_minor),
  orderId: row.order_id,
  externalReference: row.external_reference,
  occurredAt: row.occurred_at.toISOString(),
});

/** A user's wallet movements, newest first, by (occurred_at, transaction_id) keyset. */
export const walletTransactions = async (
  knex: Knex,
  userId: string,
  request: PageRequest = {},
): Promise<Page<WalletTransaction>> => {
  const limit = pageLimit(request);
  const query = knex<TransactionRow>(walletTables.transactions).where({ user_id: userId });
  if (request.cursor !== undefined) {
    const after = decodeCursor(request.cursor);
    void query.whereRaw('(occurred_at, transaction_id) < (?, ?)', [after.at, after.id]);
  }
  const rows: ListedRow[] = await query
    .select(...TRANSACTION_COLUMNS)
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'transaction_id', order: 'desc' },
    ])
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.occurred_at, id: row.transaction_id }), toTransaction);
};
