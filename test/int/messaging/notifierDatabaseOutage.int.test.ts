import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { UserNotification } from '../../../src/application/notifications/notification';
import { createKnex } from '../../../src/infrastructure/db/postgres';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { notificationMessage } from '../../../src/infrastructure/messaging/messages';
import { Notifier } from '../../../src/infrastructure/messaging/notifier';
import { WebhookPushProvider } from '../../../src/infrastructure/push/webhookPushProvider';
import { listInbox } from '../../../src/projections/notifications/queries';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { TcpProxy } from '../../support/tcpProxy';
import { registerDevices } from './devices';
import { BrokerProbe, eventually, FakePushGateway, silentLogger, testSettings } from './support';

const OUTAGE_MS = 400;

/**
 * The notifier reaches Postgres through a relay that the push gateway cuts the moment it accepts a push:
 * the push went out but cannot be recorded yet. The notifier must wait the outage out instead of failing
 * the message, or its retry would push to the device a second time.
 */
describe('Notifier when Postgres drops right after a push', () => {
  const settings = testSettings();
  const proxy = new TcpProxy('127.0.0.1', 5432);
  const gateway = new FakePushGateway(async () => {
    await proxy.cut();
    setTimeout(() => void proxy.start(), OUTAGE_MS);
    return 200;
  });
  let database: TestDatabase;
  let notifierKnex: Knex;
  let store: PostgresEventStore;
  let probe: BrokerProbe;
  let notifier: Notifier;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.pool);
    probe = await BrokerProbe.open(settings);
    await proxy.start();
    notifierKnex = createKnex({ ...database.settings, url: proxy.url(database.settings.url), poolSize: 4 });
    notifier = new Notifier({
      knex: notifierKnex,
      settings,
      logger: silentLogger,
      pushProvider: new WebhookPushProvider({
        url: await gateway.start(),
        secret: 'secret',
        timeoutMs: 2_000,
      }),
      onInvalidToken: () => Promise.resolve(),
    });
    await notifier.start();
  });

  afterAll(async () => {
    await notifier.stop();
    await notifierKnex.destroy();
    await proxy.cut();
    await probe.close();
    await gateway.stop();
    await store.close();
    await database.drop();
  });

  it('pushes once and completes the message after the database is back', async () => {
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`token-${userId}`]);
    const sourceEventId = randomUUID();
    const notification: UserNotification = {
      id: `${sourceEventId}:${userId}`,
      userId,
      kind: 'order_ready',
      title: 'Order 1234 is ready',
      body: 'It is ready for you.',
      data: {},
      sourceEventId,
      sourceEventType: 'OrderMarkedReady',
      occurredAt: new Date().toISOString(),
    };
    const message = notificationMessage(notification, probe.topology);
    probe.channel.publish(message.exchange, message.routingKey, message.content, message.options);

    const completed = await eventually(
      () => database.knex('notifier_messages').first('completed_at').where({ message_id: notification.id }),
      (row) => row?.completed_at instanceof Date,
    );
    expect(completed?.completed_at).toBeInstanceOf(Date);
    expect(gateway.requestsFor(notification.id)).toHaveLength(1);
    const deliveries = await database.knex('notification_deliveries').where({ message_id: notification.id });
    expect(deliveries.map((row: { outcome: string }) => row.outcome)).toEqual(['delivered']);
    const inbox = await listInbox(database.knex, userId, { limit: 10 });
    expect(inbox.items.map((item) => item.notificationId)).toEqual([notification.id]);
  });
});
