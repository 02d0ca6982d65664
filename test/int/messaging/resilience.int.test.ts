import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { comparePositions } from '../../../src/application/eventStore/position';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { EventPublisher } from '../../../src/infrastructure/messaging/publisher';
import { loadPublisherCheckpoint } from '../../../src/infrastructure/messaging/publisherCheckpoints';
import { Notifier } from '../../../src/infrastructure/messaging/notifier';
import { createMetrics } from '../../../src/infrastructure/observability/metrics';
import { WebhookPushProvider } from '../../../src/infrastructure/push/webhookPushProvider';
import { listInbox } from '../../../src/projections/notifications/queries';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { registerDevices } from './devices';
import {
  append,
  BrokerProbe,
  closeConnectionsFromBroker,
  eventually,
  FakePushGateway,
  lastPositionOf,
  outcomeCount,
  silentLogger,
  testSettings,
} from './support';

const charge = (userId: string) => ({
  type: 'WalletCharged' as const,
  data: { userId, orderId: randomUUID(), amountMinor: 100, chargedAt: new Date().toISOString() },
});

describe('publisher and notifier when things break', () => {
  const settings = testSettings({ publishBatchSize: 20 });
  const gateway = new FakePushGateway(() => 200);
  const metrics = createMetrics();
  let database: TestDatabase;
  let store: PostgresEventStore;
  let probe: BrokerProbe;
  let notifier: Notifier;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.pool);
    probe = await BrokerProbe.open(settings);
    const url = await gateway.start();
    notifier = new Notifier({
      knex: database.knex,
      settings,
      logger: silentLogger,
      metrics,
      pushProvider: new WebhookPushProvider({ url, secret: 'secret', timeoutMs: 2_000 }),
      onInvalidToken: () => Promise.resolve(),
    });
    await notifier.start();
  });

  afterAll(async () => {
    await notifier.stop();
    await probe.close();
    await gateway.stop();
    await store.close();
    await database.drop();
  });

  const publisherNamed = (name: string, crashOnce?: (batch: readonly RecordedEvent[]) => boolean) => {
    let crashed = false;
    return new EventPublisher({
      knex: database.knex,
      eventStore: store,
      settings,
      logger: silentLogger,
      name,
      afterPublishBeforeCheckpoint: (batch) => {
        if (crashed || crashOnce === undefined || !crashOnce(batch)) return;
        crashed = true;
        throw new Error('simulated crash after publish, before checkpoint');
      },
    });
  };

  it('re-publishes a batch confirmed but not checkpointed, and the notifier pushes it once', async () => {
    const customerId = randomUUID();
    await registerDevices(store, database.knex, customerId, [`token-${customerId}`]);
    const received = await probe.collect(probe.topology.notifications, 'notification.#');
    const orderId = randomUUID();
    const ready = { orderId, customerId, merchantId: randomUUID(), readyAt: new Date().toISOString() };
    const [event] = await append(store, `order-${orderId}`, { type: 'OrderMarkedReady', data: ready });
    const publisher = publisherNamed('crashing', (batch) =>
      batch.some((recorded) => recorded.id === event!.id),
    );
    const duplicatesBefore = await outcomeCount(metrics, 'duplicate');
    await publisher.start();

    const notificationId = `${event!.id}:${customerId}`;
    await eventually(
      () => received.filter((m) => m.properties.messageId === notificationId).length,
      (n) => n >= 2,
    );
    await eventually(
      () => outcomeCount(metrics, 'duplicate'),
      (count) => count > duplicatesBefore,
    );
    const last = await lastPositionOf(store, `order-${orderId}`);
    const checkpoint = await eventually(
      () => loadPublisherCheckpoint(database.knex, 'crashing'),
      (position) => position !== undefined && comparePositions(position, last) >= 0,
    );
    await publisher.stop();

    expect(received.filter((message) => message.properties.messageId === notificationId)).toHaveLength(2);
    expect(gateway.requestsFor(notificationId)).toHaveLength(1);
    expect(checkpoint).toEqual(last);
  });

  it('opens a new channel when the broker closes the old one, and re-publishes the unconfirmed batch', async () => {
    const received = await probe.collect(probe.topology.events, 'order.OrderAccepted');
    const publisher = publisherNamed('channel-loss');
    await publisher.start();
    const markerUser = randomUUID();
    await append(store, `wallet-${markerUser}`, charge(markerUser));
    const marker = await lastPositionOf(store, `wallet-${markerUser}`);
    await eventually(
      () => loadPublisherCheckpoint(database.knex, 'channel-loss'),
      (position) => position !== undefined && comparePositions(position, marker) >= 0,
    ); // caught up with everything appended so far: the next batch is the event below alone
    // Publishing to a deleted exchange is a channel error: the broker closes the publisher's channel.
    await probe.channel.deleteExchange(probe.topology.notifications);
    const parties = { orderId: randomUUID(), customerId: randomUUID(), merchantId: randomUUID() };
    const [event] = await append(store, `order-${parties.orderId}`, {
      type: 'OrderAccepted',
      data: { ...parties, acceptedAt: new Date().toISOString() },
    });

    const inbox = await eventually(
      () => listInbox(database.knex, parties.customerId, { limit: 10 }),
      (page) => page.items.length > 0,
    );
    await publisher.stop();
    expect(received.filter((message) => message.properties.messageId === event!.id)).toHaveLength(2);
    expect(inbox.items.map((item) => item.notificationId)).toEqual([`${event!.id}:${parties.customerId}`]);
  });

  it('reconnects after the broker closes its connection mid-stream and loses nothing', async () => {
    const received = await probe.collect(probe.topology.events, 'wallet.WalletCharged');
    const publisher = publisherNamed('reconnecting');
    await publisher.start();
    const appended: string[] = [];
    let appending = true;
    const appender = (async () => {
      while (appending) {
        const userId = randomUUID();
        const written = await append(store, `wallet-${userId}`, charge(userId), charge(userId));
        appended.push(...written.map((event) => event.id));
        await setTimeout(10); // a steady stream, not a flood, while rabbitmqctl does its work
      }
    })();

    await eventually(
      () => received.length,
      (count) => count >= 50,
    );
    const closed = await closeConnectionsFromBroker(`${settings.exchangePrefix}.publisher.reconnecting`);
    const appendedAtClose = appended.length;
    await eventually(
      () => appended.length,
      (count) => count >= appendedAtClose + 20,
    );
    appending = false;
    await appender;
    const ids = await eventually(
      () => new Set(received.map((message) => message.properties.messageId as string)),
      (seen) => appended.every((id) => seen.has(id)),
    );
    await publisher.stop();

    expect(closed).toBe(1);
    expect(appended.length).toBeGreaterThan(appendedAtClose); // so some were published after the reconnect
    expect(appended.filter((id) => !ids.has(id))).toEqual([]);
  });
});
