import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import type { Cluster } from '../support/cluster';
import type { ScenarioReport } from '../support/report';
import { byStream, dataNumber, dataString } from './events';

/** Streams whose `streams` row disagrees with their events, or whose revisions have a gap. */
const BROKEN_STREAMS = `
  select coalesce(s.stream_name, e.stream_name) as stream_name
    from streams s
    full join (select stream_name, count(*) as n, min(stream_revision) as first, max(stream_revision) as last
                 from events group by stream_name) e on e.stream_name = s.stream_name
   where s.revision is distinct from e.last or e.first <> 0 or e.n <> e.last + 1`;

type OrderMoney = { charged: number; charges: number; declines: number; refunded: number; payouts: number };

const moneyByOrder = (events: readonly RecordedEvent[]): Map<string, OrderMoney> => {
  const orders = new Map<string, OrderMoney>();
  for (const event of events) {
    if (!event.streamName.startsWith('wallet-')) continue;
    const orderId = event.data.orderId;
    if (typeof orderId !== 'string') continue;
    const money = orders.get(orderId) ?? { charged: 0, charges: 0, declines: 0, refunded: 0, payouts: 0 };
    if (event.type === 'WalletCharged') {
      money.charges += 1;
      money.charged += dataNumber(event, 'amountMinor');
    }
    if (event.type === 'WalletChargeDeclined') money.declines += 1;
    if (event.type === 'WalletRefunded') money.refunded += dataNumber(event, 'amountMinor');
    if (event.type === 'WalletPayoutReceived') money.payouts += 1;
    orders.set(orderId, money);
  }
  return orders;
};

const KEEPS_THE_MONEY = new Set(['OrderPaid', 'OrderAccepted', 'OrderMarkedReady', 'OrderCompleted']);

/** What is wrong with one order's money given its own events ('' when nothing). */
const orderProblem = (orderEvents: readonly RecordedEvent[], money: OrderMoney | undefined): string => {
  const placed = orderEvents[0];
  if (placed?.type !== 'OrderPlaced') return 'does not start with OrderPlaced';
  const m = money ?? { charged: 0, charges: 0, declines: 0, refunded: 0, payouts: 0 };
  if (m.charges + m.declines !== 1) return `decided ${m.charges + m.declines} times`;
  if (m.refunded > m.charged) return `refunded ${m.refunded} of ${m.charged}`;
  const last = orderEvents.at(-1)?.type ?? '';
  const expectedNet = KEEPS_THE_MONEY.has(last) ? dataNumber(placed, 'totalMinor') : 0;
  if (m.charged - m.refunded !== expectedNet) return `ends ${last} holding ${m.charged - m.refunded}`;
  const completed = orderEvents.some((event) => event.type === 'OrderCompleted') ? 1 : 0;
  return m.payouts === completed ? '' : `${m.payouts} payouts`;
};

/**
 * Nothing half-written: every stream's revisions run 0..n and match its `streams` row. Nothing lost by the
 * processor: every order was charged or declined exactly once, refunds match cancellations and rejections,
 * every completed order paid its merchant once.
 */
export const checkIntegrity = async (
  report: ScenarioReport,
  cluster: Cluster,
  events: readonly RecordedEvent[],
): Promise<void> => {
  const broken = (await cluster.database.pool.query<{ stream_name: string }>(BROKEN_STREAMS)).rows;
  report.figure('events in the store', events.length);
  report.figure('streams', byStream(events).size);
  report.check(
    'every stream is whole (revisions 0..n, streams row agrees)',
    broken.length === 0,
    broken
      .slice(0, 3)
      .map((row) => row.stream_name)
      .join(', '),
  );
  const money = moneyByOrder(events);
  const orders = [...byStream(events)].filter(([name]) => name.startsWith('order-'));
  const problems = orders
    .map(([name, orderEvents]) => [
      name,
      orderProblem(orderEvents, money.get(dataString(orderEvents[0]!, 'orderId'))),
    ])
    .filter(([, problem]) => problem !== '');
  report.figure('orders', orders.length);
  report.figure(
    'orders paid',
    orders.filter(([, e]) => e.some((event) => event.type === 'OrderPaid')).length,
  );
  report.figure(
    'orders completed',
    orders.filter(([, e]) => e.some((event) => event.type === 'OrderCompleted')).length,
  );
  report.check(
    'every order charged or declined once; refunds and payouts match its end',
    problems.length === 0,
    problems
      .slice(0, 3)
      .map(([name, problem]) => `${name}: ${problem}`)
      .join('; '),
  );
};
