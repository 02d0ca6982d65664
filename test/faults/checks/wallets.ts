import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import type { World } from '../load/world';
import type { Cluster } from '../support/cluster';
import { call, field } from '../support/http';
import type { ScenarioReport } from '../support/report';
import { byStream, dataNumber } from './events';

const SIGN: Readonly<Record<string, number>> = {
  WalletToppedUp: 1,
  WalletCharged: -1,
  WalletRefunded: 1,
  WalletPayoutReceived: 1,
};

/** The balance as the plain sum of the stream's money events, and whether it ever went below zero. */
const sumOfEvents = (events: readonly RecordedEvent[]) => {
  let balance = 0;
  let lowest = 0;
  for (const event of events) {
    balance += (SIGN[event.type] ?? 0) * dataNumber(event, 'amountMinor');
    lowest = Math.min(lowest, balance);
  }
  return { balance, lowest };
};

const readModelBalances = async (cluster: Cluster): Promise<Map<string, number[]>> => {
  const { rows } = await cluster.database.pool.query<{ user_id: string; balance: string; effects: string }>(
    `select w.user_id, w.balance_minor as balance,
            (select coalesce(sum(t.balance_effect_minor), 0) from wallet_transactions t where t.user_id = w.user_id) as effects
       from wallets w`,
  );
  return new Map(rows.map((row) => [row.user_id, [Number(row.balance), Number(row.effects)]]));
};

/** Each wallet: the read model, its transactions and the API view all equal the sum of its events. */
export const checkWallets = async (
  report: ScenarioReport,
  cluster: Cluster,
  events: readonly RecordedEvent[],
  world: World,
): Promise<void> => {
  const streams = [...byStream(events)].filter(([name]) => name.startsWith('wallet-'));
  const readModel = await readModelBalances(cluster);
  const mismatches: string[] = [];
  let negative = 0;
  const sums = new Map<string, number>();
  for (const [name, walletEvents] of streams) {
    const userId = name.slice('wallet-'.length);
    const { balance, lowest } = sumOfEvents(walletEvents);
    sums.set(userId, balance);
    if (lowest < 0) negative += 1;
    const [projected, effects] = readModel.get(userId) ?? [];
    if (projected !== balance || effects !== balance)
      mismatches.push(`${userId}: events ${balance}, read model ${projected}/${effects}`);
  }
  for (const userId of readModel.keys()) if (!sums.has(userId)) mismatches.push(`${userId}: no events`);
  for (const actor of [...world.customers, ...world.merchants]) {
    const view = await call(cluster.apiUrl(), 'GET', '/v1/me/wallet', { token: actor.token });
    const shown = Number(field(view.body, 'balanceMinor'));
    if (shown !== (sums.get(actor.userId) ?? 0)) mismatches.push(`${actor.userId}: API shows ${shown}`);
  }
  report.figure('wallets', streams.length);
  report.figure(
    'wallet balance total (minor units)',
    [...sums.values()].reduce((a, b) => a + b, 0),
  );
  report.check(
    'every wallet balance equals the sum of its events',
    mismatches.length === 0,
    mismatches.slice(0, 3).join('; '),
  );
  report.check('no balance ever negative', negative === 0, `${negative} wallets went below zero`);
};
