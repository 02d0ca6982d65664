import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { connect, type ConsumeMessage } from 'amqplib';
import type { EventToAppend } from '../../src/application/eventStore/eventStore';
import { PostgresEventStore } from '../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createLogger } from '../../src/infrastructure/logging/logger';
import { EventPublisher } from '../../src/infrastructure/messaging/publisher';
import { messagingSettings } from '../../src/infrastructure/messaging/settings';
import { deleteTopology, assertTopology, topologyNames } from '../../src/infrastructure/messaging/topology';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { formatRate, markdownTable } from './measure';

const LATENCY_SAMPLES = Number(process.env.NOTIFICATIONS_BENCH_SAMPLES ?? 1_000);
const BACKLOG_EVENTS = Number(process.env.NOTIFICATIONS_BENCH_BACKLOG ?? 20_000);
const APPEND_BATCH = 100;

/** OrderAccepted: one integration message plus one notification to the customer. */
const accepted = (orderId = randomUUID()): EventToAppend => ({
  id: randomUUID(),
  type: 'OrderAccepted',
  data: { orderId, customerId: randomUUID(), merchantId: randomUUID(), acceptedAt: new Date().toISOString() },
  metadata: { correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 },
});

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

type Arrivals = { onMessage: (message: ConsumeMessage) => void };

/** Starts reporting delivered event ids; resolves (with the way to stop) once nothing appended can be missed. */
type Deliveries = (onEventId: (id: string) => void) => Promise<() => void>;

/** Appends one event at a time; times each append call until `deliveries` reports that event's id. */
const measureLatency = async (store: PostgresEventStore, deliveries: Deliveries): Promise<number[]> => {
  const waiting = new Map<string, () => void>();
  const unsubscribe = await deliveries((id) => waiting.get(id)?.());
  const samples: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
    const event = accepted();
    const arrived = new Promise<void>((resolve) => waiting.set(event.id, resolve));
    const started = performance.now();
    await store.appendToStream(`order-${event.data.orderId as string}`, [event]);
    await arrived;
    samples.push(performance.now() - started);
    waiting.delete(event.id);
  }
  unsubscribe();
  return samples.sort((a, b) => a - b);
};

/** The baseline: the store's own subscription, without the broker. */
const storeDeliveries =
  (store: PostgresEventStore): Deliveries =>
  async (onEventId) => {
    const stop = new AbortController();
    // Read before the first append: a head read after it would start the subscription past that event.
    const from = await store.headPosition();
    void (async () => {
      for await (const batch of store.subscribeToAll({ from, signal: stop.signal })) {
        for (const event of batch) onEventId(event.id);
      }
    })();
    return () => stop.abort();
  };

const consumerDeliveries =
  (arrivals: Arrivals): Deliveries =>
  (onEventId) => {
    arrivals.onMessage = (message) => onEventId(message.properties.messageId as string);
    return Promise.resolve(() => (arrivals.onMessage = () => undefined));
  };

const appendBacklog = async (store: PostgresEventStore): Promise<void> => {
  for (let written = 0; written < BACKLOG_EVENTS; written += APPEND_BATCH) {
    const orderId = randomUUID();
    const events = Array.from({ length: APPEND_BATCH }, () => accepted(orderId));
    await store.appendToStream(`order-${orderId}`, events);
  }
};

/** A fresh publisher works through the backlog: confirmed messages per second, end to end at the consumer. */
const measureBacklog = async (
  database: TestDatabase,
  store: PostgresEventStore,
  settings: ReturnType<typeof messagingSettings>,
  arrivals: Arrivals,
) => {
  const total = (await store.readAll({ maxCount: 1_000_000 })).length;
  let received = 0;
  const allArrived = new Promise<void>((resolve) => {
    arrivals.onMessage = () => (received += 1) === total && resolve();
  });
  const logger = createLogger('silent');
  const publisher = new EventPublisher({
    knex: database.knex,
    eventStore: store,
    settings,
    logger,
    name: 'backlog',
  });
  const started = performance.now();
  await publisher.start();
  await allArrived;
  const seconds = (performance.now() - started) / 1000;
  await publisher.stop();
  return { events: total, messages: publisher.confirmedMessages, seconds };
};

export const notificationsBenchmark = async (): Promise<void> => {
  const database = await createTestDatabase();
  const store = new PostgresEventStore(database.pool);
  const settings = messagingSettings({
    url: process.env.RABBITMQ_URL!,
    exchangePrefix: `bench_${randomUUID().slice(0, 8)}`,
    prefetch: 32,
  });
  const topology = topologyNames(settings.exchangePrefix);
  const connection = await connect(settings.url);
  const channel = await connection.createChannel();
  await assertTopology(channel, topology, settings.retryDelaysMs);
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, topology.events, '#');
  const arrivals: Arrivals = { onMessage: () => undefined };
  await channel.consume(queue, (message) => message && arrivals.onMessage(message), { noAck: true });
  const publisher = new EventPublisher({
    knex: database.knex,
    eventStore: store,
    settings,
    logger: createLogger('silent'),
  });
  try {
    await publisher.start();
    const baseline = await measureLatency(store, storeDeliveries(store));
    const latencies = await measureLatency(store, consumerDeliveries(arrivals));
    await publisher.stop();
    await appendBacklog(store);
    const backlog = await measureBacklog(database, store, settings, arrivals);
    console.log(
      markdownTable(
        ['measure', 'value'],
        [
          ['append → consumer, p50', `${percentile(latencies, 50).toFixed(1)} ms`],
          ['append → consumer, p99', `${percentile(latencies, 99).toFixed(1)} ms`],
          ['append → consumer, max', `${latencies.at(-1)!.toFixed(1)} ms`],
          ['baseline append → store subscriber, p50', `${percentile(baseline, 50).toFixed(1)} ms`],
          ['baseline append → store subscriber, p99', `${percentile(baseline, 99).toFixed(1)} ms`],
          ['latency samples (one event at a time)', String(latencies.length)],
          ['backlog published (events)', formatRate(backlog.events)],
          [
            'confirmed messages/s (integration + notification)',
            formatRate(backlog.messages / backlog.seconds),
          ],
          ['events/s received by the consumer', formatRate(backlog.events / backlog.seconds)],
          ['machine', `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`],
        ],
      ),
    );
  } finally {
    await deleteTopology(channel, topology, settings.retryDelaysMs);
    await connection.close();
    await store.close();
    await database.drop();
  }
};
