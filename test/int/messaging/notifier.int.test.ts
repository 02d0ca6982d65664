import { randomUUID } from 'node:crypto';
import type { UserNotification } from '../../../src/application/notifications/notification';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { DEAD_LETTER_REASON_HEADER } from '../../../src/infrastructure/messaging/failureRouting';
import { notificationMessage } from '../../../src/infrastructure/messaging/messages';
import { createMetrics } from '../../../src/infrastructure/observability/metrics';
import { Notifier } from '../../../src/infrastructure/messaging/notifier';
import { signBody, WebhookPushProvider } from '../../../src/infrastructure/push/webhookPushProvider';
import { listInbox } from '../../../src/projections/notifications/queries';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { registerDevices } from './devices';
import { BrokerProbe, eventually, FakePushGateway, silentLogger, testSettings } from './support';

const SECRET = 'test-webhook-secret';

/** Push tokens script the gateway: `flaky` fails twice then works, `down` always fails, `gone` is unknown. */
const gatewayAnswer = (() => {
  const seen = new Map<string, number>();
  return (token: string): number => {
    const count = (seen.get(token) ?? 0) + 1;
    seen.set(token, count);
    if (token.startsWith('flaky')) return count <= 2 ? 503 : 200;
    if (token.startsWith('down')) return 500;
    if (token.startsWith('gone')) return 410;
    if (token.startsWith('malformed')) return 400;
    return 200;
  };
})();

describe('Notifier on RabbitMQ', () => {
  const settings = testSettings();
  const gateway = new FakePushGateway((request) => gatewayAnswer(request.json.device.pushToken));
  const invalidTokens: [string, string][] = [];
  let database: TestDatabase;
  let store: PostgresEventStore;
  let probe: BrokerProbe;
  let notifier: Notifier;
  const metrics = createMetrics();

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
      pushProvider: new WebhookPushProvider({ url, secret: SECRET, timeoutMs: 2_000 }),
      onInvalidToken: (userId, deviceId) => {
        invalidTokens.push([userId, deviceId]);
        return Promise.resolve();
      },
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

  const notificationFor = (userId: string): UserNotification => {
    const sourceEventId = randomUUID();
    return {
      id: `${sourceEventId}:${userId}`,
      userId,
      kind: 'order_ready',
      title: 'Order 1234 is ready',
      body: 'It is ready for you.',
      data: { orderId: randomUUID() },
      sourceEventId,
      sourceEventType: 'OrderMarkedReady',
      occurredAt: new Date().toISOString(),
    };
  };

  const send = (notification: UserNotification): void => {
    const message = notificationMessage(notification, probe.topology);
    probe.channel.publish(message.exchange, message.routingKey, message.content, message.options);
  };

  const outcomeCount = async (outcome: string): Promise<number> => {
    const { values } = await metrics.notifierDeliveries.get();
    return values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  };

  const completed = async (messageId: string): Promise<boolean> => {
    const row = await database
      .knex('notifier_messages')
      .first('completed_at')
      .where({ message_id: messageId });
    return row?.completed_at instanceof Date;
  };

  let deadLetters: Awaited<ReturnType<BrokerProbe['drain']>>;
  beforeAll(async () => {
    deadLetters = await probe.drain(probe.topology.deadLetterQueue);
  });
  const deadLetterOf = (id: string) => deadLetters.find((message) => message.properties.messageId === id);

  it('retries a push the gateway failed twice, then delivers it once, signed', async () => {
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`flaky-${userId}`]);
    const notification = notificationFor(userId);
    send(notification);

    await eventually(() => completed(notification.id), Boolean);
    const requests = gateway.requestsFor(notification.id);
    expect(requests).toHaveLength(3);
    expect(requests.map((request) => request.headers['x-orderly-signature'])).toEqual(
      requests.map((request) => signBody(request.body, SECRET)),
    );
    expect(requests[0]!.headers['idempotency-key']).toBe(
      `${notification.id}:${requests[0]!.json.device.deviceId}`,
    );
    expect(deadLetterOf(notification.id)).toBeUndefined();
    const inbox = await listInbox(database.knex, userId, { limit: 10 });
    expect(inbox.items.map((item) => item.notificationId)).toEqual([notification.id]);
  });

  it('dead-letters a push that keeps failing, with the reason, after the configured retries', async () => {
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`down-${userId}`]);
    const notification = notificationFor(userId);
    send(notification);

    const deadLetter = await eventually(() => deadLetterOf(notification.id), Boolean);
    expect(deadLetter!.properties.headers![DEAD_LETTER_REASON_HEADER]).toBe(
      'gave up after 2 retries: push gateway answered HTTP 500',
    );
    expect(deadLetter!.properties.headers!['x-orderly-attempt']).toBe(2);
    expect(gateway.requestsFor(notification.id)).toHaveLength(3);
    expect(await completed(notification.id)).toBe(false);
  });

  it('dead-letters at once what the gateway rejects as malformed', async () => {
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`malformed-${userId}`]);
    const notification = notificationFor(userId);
    send(notification);

    const deadLetter = await eventually(() => deadLetterOf(notification.id), Boolean);
    expect(deadLetter!.properties.headers![DEAD_LETTER_REASON_HEADER]).toBe(
      'push failed: push gateway answered HTTP 400',
    );
    expect(gateway.requestsFor(notification.id)).toHaveLength(1);
  });

  it('dead-letters unparseable and unknown messages and keeps consuming', async () => {
    const unparseable = randomUUID();
    const unknown = randomUUID();
    const { notifications } = probe.topology;
    const options = { contentType: 'application/json', persistent: true };
    probe.channel.publish(notifications, 'notification.x', Buffer.from('{not json'), {
      ...options,
      messageId: unparseable,
      type: 'UserNotification',
    });
    probe.channel.publish(notifications, 'notification.x', Buffer.from('{}'), {
      ...options,
      messageId: unknown,
      type: 'Mystery',
    });
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`ok-${userId}`]);
    const valid = notificationFor(userId);
    send(valid);

    await eventually(() => completed(valid.id), Boolean);
    await eventually(() => deadLetterOf(unparseable) && deadLetterOf(unknown), Boolean);
    expect(deadLetterOf(unparseable)!.properties.headers![DEAD_LETTER_REASON_HEADER]).toBe(
      'unparseable body: not a JSON object',
    );
    expect(deadLetterOf(unknown)!.properties.headers![DEAD_LETTER_REASON_HEADER]).toBe(
      'unknown message type: Mystery',
    );
    expect(gateway.requestsFor(valid.id)).toHaveLength(1);
  });

  it('reports an invalid token and still delivers to the user’s other devices', async () => {
    const userId = randomUUID();
    const [goneDevice, okDevice] = await registerDevices(store, database.knex, userId, [
      `gone-${userId}`,
      `ok-${userId}`,
    ]);
    const notification = notificationFor(userId);
    send(notification);

    await eventually(() => completed(notification.id), Boolean);
    expect(invalidTokens).toContainEqual([userId, goneDevice]);
    const outcomes = await database
      .knex('notification_deliveries')
      .select('device_id', 'outcome')
      .where({ message_id: notification.id })
      .orderBy('outcome');
    expect(outcomes).toEqual([
      { device_id: okDevice, outcome: 'delivered' },
      { device_id: goneDevice, outcome: 'invalid_token' },
    ]);
  });

  it('delivers a message published twice once, and lists it once in the inbox', async () => {
    const userId = randomUUID();
    await registerDevices(store, database.knex, userId, [`ok-${userId}`]);
    const notification = notificationFor(userId);
    const duplicatesBefore = await outcomeCount('duplicate');
    send(notification);
    send(notification);

    await eventually(
      () => outcomeCount('duplicate'),
      (count) => count > duplicatesBefore,
    );
    expect(await completed(notification.id)).toBe(true);
    expect(gateway.requestsFor(notification.id)).toHaveLength(1);
    const inbox = await listInbox(database.knex, userId, { limit: 10 });
    expect(inbox.items.map((item) => item.notificationId)).toEqual([notification.id]);
  });
});
