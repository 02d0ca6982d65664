import { randomUUID } from 'node:crypto';
import { comparePositions } from '../../../src/application/eventStore/position';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { EventPublisher } from '../../../src/infrastructure/messaging/publisher';
import { loadPublisherCheckpoint } from '../../../src/infrastructure/messaging/publisherCheckpoints';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { append, body, lastPositionOf, BrokerProbe, eventually, silentLogger, testSettings } from './support';

describe('EventPublisher on RabbitMQ', () => {
  const settings = testSettings({ publishBatchSize: 50 });
  let database: TestDatabase;
  let store: PostgresEventStore;
  let probe: BrokerProbe;
  let publisher: EventPublisher;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.pool);
    probe = await BrokerProbe.open(settings);
    publisher = new EventPublisher({
      knex: database.knex,
      eventStore: store,
      settings,
      logger: silentLogger,
    });
    await publisher.start();
  });

  afterAll(async () => {
    await publisher.stop();
    await probe.close();
    await store.close();
    await database.drop();
  });

  const order = () => ({ orderId: randomUUID(), customerId: randomUUID(), merchantId: randomUUID() });

  it('publishes an appended event with its routing key, properties, headers and body', async () => {
    const received = await probe.collect(probe.topology.events, 'order.OrderPlaced');
    const parties = order();
    const placed = {
      ...parties,
      items: [{ sku: 'tea', name: 'Tea', quantity: 2, unitPriceMinor: 250, lineTotalMinor: 500 }],
      totalMinor: 500,
      currency: 'EUR',
      placedAt: '2026-11-24T10:00:00.000Z',
    };
    const [written] = await append(store, `order-${parties.orderId}`, { type: 'OrderPlaced', data: placed });
    await eventually(
      () => received.length,
      (count) => count >= 1,
    );

    const [message] = received;
    expect(message!.fields.routingKey).toBe('order.OrderPlaced');
    expect(message!.properties).toMatchObject({
      messageId: written!.id,
      contentType: 'application/json',
      deliveryMode: 2,
      type: 'OrderPlaced',
      correlationId: written!.metadata!.correlationId,
    });
    expect(message!.properties.headers).toMatchObject({
      type: 'OrderPlaced',
      schemaVersion: 1,
      correlationId: written!.metadata!.correlationId,
    });
    expect(body(message!)).toMatchObject({
      id: written!.id,
      type: 'OrderPlaced',
      streamName: `order-${parties.orderId}`,
      revision: '0',
      data: placed,
    });
  });

  it('keeps password hashes off the integration exchange', async () => {
    const received = await probe.collect(probe.topology.events, 'user.UserRegistered');
    const userId = randomUUID();
    const registered = {
      userId,
      email: `${userId}@example.com`,
      displayName: 'Ada',
      role: 'customer' as const,
      passwordHash: 'scrypt$secret',
      registeredAt: '2026-11-24T10:00:00.000Z',
    };
    await append(store, `user-${userId}`, { type: 'UserRegistered', data: registered });
    await eventually(
      () => received.length,
      (count) => count >= 1,
    );

    expect(body(received[0]!).data).toEqual({ ...registered, passwordHash: undefined });
    expect(received[0]!.content.toString()).not.toContain('scrypt$secret');
  });

  it('sends a notification to the customer and the merchant of a paid order, ids event id + recipient', async () => {
    const received = await probe.collect(probe.topology.notifications, 'notification.#');
    const parties = order();
    const paid = { ...parties, amountMinor: 500, paidAt: '2026-11-24T10:01:00.000Z' };
    const [written] = await append(store, `order-${parties.orderId}`, { type: 'OrderPaid', data: paid });
    await eventually(
      () => received.length,
      (count) => count >= 2,
    );

    const byRecipient = new Map(received.map((message) => [body(message).userId as string, message]));
    expect([...byRecipient.keys()].sort()).toEqual([parties.customerId, parties.merchantId].sort());
    const toMerchant = byRecipient.get(parties.merchantId)!;
    expect(toMerchant.properties.messageId).toBe(`${written!.id}:${parties.merchantId}`);
    expect(toMerchant.fields.routingKey).toBe('notification.order_received');
    expect(body(toMerchant)).toMatchObject({ kind: 'order_received', sourceEventId: written!.id });
    expect(byRecipient.get(parties.customerId)!.fields.routingKey).toBe('notification.order_paid');
  });

  it('notifies the right user of each order status change and wallet receipt', async () => {
    const received = await probe.collect(probe.topology.notifications, 'notification.#');
    const parties = order();
    const at = '2026-11-24T10:03:00.000Z';
    await append(
      store,
      `order-${parties.orderId}`,
      { type: 'OrderPlaced', data: { ...parties, items: [], totalMinor: 0, currency: 'EUR', placedAt: at } },
      { type: 'OrderPaymentFailed', data: { ...parties, reason: 'INSUFFICIENT_FUNDS', failedAt: at } },
      { type: 'OrderCancelled', data: { ...parties, wasPaid: true, cancelledAt: at } },
      { type: 'OrderRefunded', data: { ...parties, amountMinor: 500, refundedAt: at } },
    );
    await append(store, `wallet-${parties.customerId}`, {
      type: 'WalletToppedUp',
      data: {
        userId: parties.customerId,
        amountMinor: 1000,
        currency: 'EUR',
        externalReference: 'x',
        toppedUpAt: at,
      },
    });
    await append(store, `wallet-${parties.merchantId}`, {
      type: 'WalletPayoutReceived',
      data: {
        userId: parties.merchantId,
        orderId: parties.orderId,
        grossMinor: 500,
        feeMinor: 25,
        amountMinor: 475,
        paidOutAt: at,
      },
    });
    await eventually(
      () => received.length,
      (count) => count >= 6,
    );

    const who = { [parties.customerId]: 'customer', [parties.merchantId]: 'merchant' };
    const sent = received.map(
      (message) => `${who[body(message).userId as string]} ${message.fields.routingKey}`,
    );
    expect(sent.sort()).toEqual([
      'customer notification.order_cancelled',
      'customer notification.order_payment_failed',
      'customer notification.order_refunded',
      'customer notification.wallet_topped_up',
      'merchant notification.order_cancelled_by_customer',
      'merchant notification.wallet_payout_received',
    ]);
  });

  it('stores its checkpoint at the last confirmed event', async () => {
    const parties = order();
    await append(store, `order-${parties.orderId}`, {
      type: 'OrderAccepted',
      data: { ...parties, acceptedAt: '2026-11-24T10:02:00.000Z' },
    });
    const last = await lastPositionOf(store, `order-${parties.orderId}`);
    const checkpoint = await eventually(
      () => loadPublisherCheckpoint(database.knex, 'rabbitmq'),
      (position) => position !== undefined && comparePositions(position, last) >= 0,
    );
    expect(checkpoint).toEqual(last);
  });
});
