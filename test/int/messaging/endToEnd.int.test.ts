import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { Notifier } from '../../../src/infrastructure/messaging/notifier';
import { EventPublisher } from '../../../src/infrastructure/messaging/publisher';
import { WebhookPushProvider } from '../../../src/infrastructure/push/webhookPushProvider';
import { devicesProjection } from '../../../src/projections/devices/projection';
import { listInbox } from '../../../src/projections/notifications/queries';
import { type ProjectionRunners, startProjectionRunners } from '../../../src/projections/runner/runners';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import {
  append,
  BrokerProbe,
  eventually,
  lastPositionOf,
  FakePushGateway,
  silentLogger,
  testSettings,
} from './support';

describe('from an appended event to a push and the inbox', () => {
  const settings = testSettings();
  const gateway = new FakePushGateway((request) =>
    request.json.device.pushToken.startsWith('gone') ? 410 : 200,
  );
  const invalidTokens: [string, string][] = [];
  let database: TestDatabase;
  let store: PostgresEventStore;
  let probe: BrokerProbe;
  let runners: ProjectionRunners;
  let publisher: EventPublisher;
  let notifier: Notifier;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.pool);
    probe = await BrokerProbe.open(settings);
    const url = await gateway.start();
    runners = startProjectionRunners({ knex: database.knex, pool: database.pool, store }, [
      devicesProjection,
    ]);
    publisher = new EventPublisher({
      knex: database.knex,
      eventStore: store,
      settings,
      logger: silentLogger,
    });
    notifier = new Notifier({
      knex: database.knex,
      settings,
      logger: silentLogger,
      pushProvider: new WebhookPushProvider({ url, secret: 'secret', timeoutMs: 2_000 }),
      onInvalidToken: (userId, deviceId) => {
        invalidTokens.push([userId, deviceId]);
        return Promise.resolve();
      },
    });
    await Promise.all([publisher.start(), notifier.start()]);
  });

  afterAll(async () => {
    await Promise.all([publisher.stop(), notifier.stop(), runners.stop()]);
    await probe.close();
    await gateway.stop();
    await store.close();
    await database.drop();
  });

  const registerDevice = async (userId: string, pushToken: string) => {
    const deviceId = randomUUID();
    const data = {
      userId,
      deviceId,
      platform: 'web' as const,
      pushToken,
      registeredAt: new Date().toISOString(),
    };
    await append(store, `user-${userId}`, { type: 'DeviceRegistered', data });
    return deviceId;
  };

  it('pushes a paid order to the customer’s and the merchant’s devices and fills both inboxes', async () => {
    const [customerId, merchantId, orderId] = [randomUUID(), randomUUID(), randomUUID()];
    await registerDevice(customerId, `ok-${customerId}`);
    const merchantPhone = await registerDevice(merchantId, `ok-${merchantId}`);
    const goneTablet = await registerDevice(merchantId, `gone-${merchantId}`);
    const registered = await lastPositionOf(store, `user-${merchantId}`);
    expect(await waitForPosition(database.knex, [devicesProjection.name], registered, 15_000)).toEqual({
      caughtUp: true,
    });

    const [paid] = await append(store, `order-${orderId}`, {
      type: 'OrderPaid',
      data: { orderId, customerId, merchantId, amountMinor: 1_250, paidAt: new Date().toISOString() },
    });
    const toMerchant = `${paid!.id}:${merchantId}`;
    const toCustomer = `${paid!.id}:${customerId}`;
    await eventually(
      () => gateway.requestsFor(toMerchant).length + gateway.requestsFor(toCustomer).length,
      (n) => n >= 3,
    );
    await eventually(
      () => invalidTokens.length,
      (count) => count > 0,
    );
    const merchantInbox = await eventually(
      () => listInbox(database.knex, merchantId, { limit: 10 }),
      (page) => page.items.length > 0,
    );
    const customerInbox = await eventually(
      () => listInbox(database.knex, customerId, { limit: 10 }),
      (page) => page.items.length > 0,
    );

    expect(gateway.requestsFor(toCustomer).map((request) => request.json.device.pushToken)).toEqual([
      `ok-${customerId}`,
    ]);
    expect(
      gateway
        .requestsFor(toMerchant)
        .map((request) => request.json.device.deviceId)
        .sort(),
    ).toEqual([merchantPhone, goneTablet].sort());
    expect(invalidTokens).toEqual([[merchantId, goneTablet]]);
    expect(merchantInbox.items[0]).toMatchObject({
      notificationId: toMerchant,
      kind: 'order_received',
      readAt: null,
    });
    expect(customerInbox.items[0]).toMatchObject({ notificationId: toCustomer, kind: 'order_paid' });
  });
});
