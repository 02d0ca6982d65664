import { randomUUID } from 'node:crypto';
import type { UserNotification } from '../../../src/application/notifications/notification';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { notificationMessage } from '../../../src/infrastructure/messaging/messages';
import { Notifier } from '../../../src/infrastructure/messaging/notifier';
import { EventPublisher } from '../../../src/infrastructure/messaging/publisher';
import { WebhookPushProvider } from '../../../src/infrastructure/push/webhookPushProvider';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { registerDevices } from './devices';
import { append, BrokerProbe, eventually, FakePushGateway, silentLogger, testSettings } from './support';
import { TcpProxy } from '../../support/tcpProxy';

const failed = (check: () => Promise<void>): Promise<boolean> =>
  check().then(
    () => false,
    () => true,
  );

describe('while the broker is unreachable', () => {
  const directSettings = testSettings();
  const brokerUrl = new URL(directSettings.url);
  const proxy = new TcpProxy(brokerUrl.hostname, Number(brokerUrl.port || 5672));
  const gateway = new FakePushGateway(() => 200);
  let settings: typeof directSettings;
  let database: TestDatabase;
  let store: PostgresEventStore;
  let probe: BrokerProbe;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.pool);
    probe = await BrokerProbe.open(directSettings);
    await proxy.start();
    settings = { ...directSettings, url: proxy.url(directSettings.url) };
  });

  afterAll(async () => {
    await proxy.cut();
    await probe.close();
    await gateway.stop();
    await store.close();
    await database.drop();
  });

  it('keeps accepting appends, then publishes all of them once the broker is back', async () => {
    const received = await probe.collect(probe.topology.events, 'wallet.#');
    await proxy.cut();
    const publisher = new EventPublisher({
      knex: database.knex,
      eventStore: store,
      settings,
      logger: silentLogger,
    });
    await publisher.start();
    const appended: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      const userId = randomUUID();
      const [event] = await append(store, `wallet-${userId}`, {
        type: 'WalletRefunded',
        data: { userId, orderId: randomUUID(), amountMinor: 5, refundedAt: new Date().toISOString() },
      });
      appended.push(event!.id);
    }
    expect(await failed(() => publisher.checkReady())).toBe(true);

    await proxy.start();
    const ids = await eventually(
      () => received.map((message) => message.properties.messageId as string),
      (seen) => appended.every((id) => seen.includes(id)),
    );
    expect(await failed(() => publisher.checkReady())).toBe(false);
    await publisher.stop();
    expect(appended.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('lets the notifier reconnect and deliver what was queued meanwhile', async () => {
    const url = await gateway.start();
    const notifier = new Notifier({
      knex: database.knex,
      settings,
      logger: silentLogger,
      pushProvider: new WebhookPushProvider({ url, secret: 'secret', timeoutMs: 2_000 }),
      onInvalidToken: () => Promise.resolve(),
    });
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`token-${userId}`]);
    const send = (notification: UserNotification) => {
      const message = notificationMessage(notification, probe.topology);
      probe.channel.publish(message.exchange, message.routingKey, message.content, message.options);
    };
    const notification = (): UserNotification => {
      const sourceEventId = randomUUID();
      return {
        id: `${sourceEventId}:${userId}`,
        userId,
        kind: 'order_completed',
        title: 'Order completed',
        body: 'Thank you.',
        data: {},
        sourceEventId,
        sourceEventType: 'OrderCompleted',
        occurredAt: new Date().toISOString(),
      };
    };
    await notifier.start();
    const before = notification();
    send(before);
    await eventually(
      () => gateway.requestsFor(before.id).length,
      (count) => count === 1,
    );

    await proxy.cut();
    const during = notification();
    send(during);
    await proxy.start();
    await eventually(
      () => gateway.requestsFor(during.id).length,
      (count) => count === 1,
    );
    await notifier.stop();

    expect(gateway.requestsFor(before.id)).toHaveLength(1);
    expect(gateway.requestsFor(during.id)).toHaveLength(1);
  });
});
