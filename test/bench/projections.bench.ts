import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { EventToAppend } from '../../src/application/eventStore/eventStore';
import type { Position } from '../../src/application/eventStore/position';
import type { OrderlyEvent } from '../../src/domain/events';
import { orderStream } from '../../src/domain/ordering/streams';
import { walletStream } from '../../src/domain/wallet/streams';
import { PostgresEventStore } from '../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { readModelProjections } from '../../src/projections/all';
import { rebuildProjection } from '../../src/projections/runner/rebuild';
import { createTestDatabase } from '../support/database';
import { formatRate, markdownTable } from './measure';

const ORDERS = Number(process.env.PROJECTIONS_BENCH_ORDERS ?? 30_000);
const CUSTOMERS = 2_000;
const MERCHANTS = 100;
const WRITERS = 12;
const BATCH_SIZE = Number(process.env.PROJECTIONS_BENCH_BATCH ?? 5_000);

const toAppend = (event: OrderlyEvent): EventToAppend => ({
  id: randomUUID(),
  type: event.type,
  data: event.data,
  metadata: { correlationId: randomUUID(), userId: randomUUID(), schemaVersion: 1, hash: 'a'.repeat(64) },
});

const at = (order: number, step: number): string =>
  new Date(Date.UTC(2026, 0, 1) + order * 60_000 + step * 1000).toISOString();

/** One order's whole life: placed, paid, accepted, ready, completed (5 events in its stream). */
const orderLife = (
  order: number,
  ids: { orderId: string; customerId: string; merchantId: string },
): OrderlyEvent[] => [
  {
    type: 'OrderPlaced',
    data: {
      ...ids,
      items: [
        {
          sku: `sku-${order % 40}`,
          name: 'Flat white',
          quantity: 2,
          unitPriceMinor: 350,
          lineTotalMinor: 700,
        },
        {
          sku: `sku-${(order + 7) % 40}`,
          name: 'Scone',
          quantity: 1,
          unitPriceMinor: 290,
          lineTotalMinor: 290,
        },
      ],
      totalMinor: 990,
      currency: 'EUR',
      placedAt: at(order, 0),
    },
  },
  { type: 'OrderPaid', data: { ...ids, amountMinor: 990, paidAt: at(order, 1) } },
  { type: 'OrderAccepted', data: { ...ids, acceptedAt: at(order, 2) } },
  { type: 'OrderMarkedReady', data: { ...ids, readyAt: at(order, 3) } },
  { type: 'OrderCompleted', data: { ...ids, totalMinor: 990, completedAt: at(order, 4) } },
];

type Append = Readonly<{ stream: string; events: OrderlyEvent[] }>;

/** Orders plus the wallets that pay for them: a top-up per customer, a charge and a payout per order. */
const history = (): Append[] => {
  const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
  const merchants = Array.from({ length: MERCHANTS }, () => randomUUID());
  const wallets = new Map<string, OrderlyEvent[]>();
  const walletOf = (userId: string) => wallets.get(userId) ?? wallets.set(userId, []).get(userId)!;
  for (const userId of customers) {
    const topUp = {
      userId,
      amountMinor: 1_000_000,
      currency: 'EUR',
      externalReference: randomUUID(),
      toppedUpAt: at(0, 0),
    };
    walletOf(userId).push({ type: 'WalletToppedUp', data: topUp });
  }
  const appends: Append[] = [];
  for (let order = 0; order < ORDERS; order += 1) {
    const ids = {
      orderId: randomUUID(),
      customerId: customers[order % CUSTOMERS]!,
      merchantId: merchants[order % MERCHANTS]!,
    };
    appends.push({ stream: orderStream(ids.orderId), events: orderLife(order, ids) });
    const charge = {
      userId: ids.customerId,
      orderId: ids.orderId,
      amountMinor: 990,
      chargedAt: at(order, 1),
    };
    walletOf(ids.customerId).push({ type: 'WalletCharged', data: charge });
    const payout = {
      userId: ids.merchantId,
      orderId: ids.orderId,
      grossMinor: 990,
      feeMinor: 30,
      amountMinor: 960,
      paidOutAt: at(order, 4),
    };
    walletOf(ids.merchantId).push({ type: 'WalletPayoutReceived', data: payout });
  }
  for (const [userId, events] of wallets) {
    for (let start = 0; start < events.length; start += 100) {
      appends.push({ stream: walletStream(userId), events: events.slice(start, start + 100) });
    }
  }
  return appends;
};

export const seed = async (store: PostgresEventStore): Promise<number> => {
  const appends = history();
  let next = 0;
  let events = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let append = appends[next++]; append !== undefined; append = appends[next++]) {
        await store.appendToStream(append.stream, append.events.map(toAppend));
        events += append.events.length;
      }
    }),
  );
  return events;
};

/** The rebuild's input alone: the same filtered pages read through the port, nothing applied. */
const readOnly = async (store: PostgresEventStore, eventTypes: readonly string[]): Promise<number> => {
  const started = performance.now();
  let events = 0;
  for (let from = undefined as Position | undefined; ;) {
    const page = await store.readAll({ from, maxCount: BATCH_SIZE, filter: { eventTypes } });
    const last = page.at(-1);
    if (last === undefined) break;
    events += page.length;
    from = last.position;
  }
  return (events / (performance.now() - started)) * 1000;
};

/** Rebuilds the orders and wallets read models (and analytics, for reference) from a seeded store. */
export const projectionsBenchmark = async (): Promise<void> => {
  const database = await createTestDatabase({ poolSize: 20 });
  const store = new PostgresEventStore(database.pool);
  try {
    const seedStarted = performance.now();
    const stored = await seed(store);
    // As autovacuum would have by now: planning the first pages on statistics of an empty table fetched
    // and sorted every event of the projection's types (0.3-1 s per page) until generic plans took over.
    await database.pool.query('analyze events');
    console.log(
      `seeded ${formatRate(stored)} events in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const projections = readModelProjections({ analyticsSchema: database.analyticsSchema });
    const deps = { knex: database.knex, pool: database.pool, store };
    const rows: string[][] = [];
    for (const name of ['orders', 'wallets', 'analytics']) {
      const projection = projections.find((candidate) => candidate.name === name)!;
      const readRate = await readOnly(store, projection.eventTypes);
      const cpuBefore = process.cpuUsage();
      const result = await rebuildProjection(deps, projection, { batchSize: BATCH_SIZE });
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(2);
      const rate = formatRate(result.events / result.seconds);
      const cells = [formatRate(result.events), result.seconds.toFixed(2), rate, formatRate(readRate)];
      rows.push([name, ...cells, cpuSeconds]);
    }
    console.log(
      `\nRebuild from position zero into fresh tables, then swap (batch ${formatRate(BATCH_SIZE)} events):\n`,
    );
    console.log(
      markdownTable(
        ['read model', 'events', 'seconds', 'events/s', 'read only, events/s', 'node CPU s'],
        rows,
      ),
    );
    console.log(
      `\nload average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' / ')} on ${cpus().length} cores`,
    );
  } finally {
    await store.close();
    await database.drop();
  }
};
