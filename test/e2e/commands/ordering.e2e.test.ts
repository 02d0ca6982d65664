import { randomUUID } from 'node:crypto';
import {
  bearer,
  registerUser,
  type Session,
  startTestApp,
  storedEvents,
  type TestApp,
} from '../../support/testApp';

describe('catalog, ordering and wallet commands over HTTP', () => {
  let app: TestApp;
  let merchant: Session;
  let customer: Session;

  beforeAll(async () => {
    app = await startTestApp(['commands']);
    merchant = await registerUser(app, 'merchant');
    customer = await registerUser(app, 'customer');
    for (const [sku, priceMinor] of [
      ['espresso', 250],
      ['croissant', 180],
    ] as const) {
      const listed = await app
        .http()
        .post(`/v1/merchants/${merchant.userId}/products`)
        .set(...bearer(merchant))
        .send({ sku, name: sku, priceMinor });
      expect(listed.status).toBe(201);
    }
  });
  afterAll(() => app.stop());

  const eventsOf = async (streamName: string) =>
    (await storedEvents(app)).filter((event) => event.stream_name === streamName);

  it('lists, reprices and delists products in the merchant’s own catalog', async () => {
    const changed = await app
      .http()
      .post(`/v1/merchants/${merchant.userId}/products/croissant/price`)
      .set(...bearer(merchant))
      .send({ priceMinor: 200 });
    expect(changed.status).toBe(200);
    const listed = await app
      .http()
      .post(`/v1/merchants/${merchant.userId}/products`)
      .set(...bearer(merchant))
      .send({ sku: 'muffin', name: 'Muffin', priceMinor: 300 });
    const delisted = await app
      .http()
      .post(`/v1/merchants/${merchant.userId}/products/muffin/delist`)
      .set(...bearer(merchant));
    expect([listed.status, delisted.status]).toEqual([201, 200]);
    expect((await eventsOf(`catalog-${merchant.userId}`)).map((event) => event.type)).toEqual([
      'ProductListed',
      'ProductListed',
      'ProductPriceChanged',
      'ProductListed',
      'ProductDelisted',
    ]);
  });

  it('prices an order server-side from the catalog and records it', async () => {
    const orderId = randomUUID();
    const placed = await app
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send({ orderId, merchantId: merchant.userId, items: [{ sku: 'espresso', quantity: 2 }] });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ orderId, status: 'placed', revision: '0' });
    const [event] = await eventsOf(`order-${orderId}`);
    expect(event?.data).toMatchObject({
      customerId: customer.userId,
      merchantId: merchant.userId,
      totalMinor: 500,
      currency: 'EUR',
      items: [{ sku: 'espresso', quantity: 2, unitPriceMinor: 250, lineTotalMinor: 500 }],
    });
  });

  it('treats an offline retry of the same order as done, and refuses unknown or delisted skus', async () => {
    const orderId = randomUUID();
    const order = { orderId, merchantId: merchant.userId, items: [{ sku: 'espresso', quantity: 1 }] };
    const first = await app
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send(order);
    const retry = await app
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send(order);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(await eventsOf(`order-${orderId}`)).toHaveLength(1);
    const unknown = await app
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send({ orderId: randomUUID(), merchantId: merchant.userId, items: [{ sku: 'caviar', quantity: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('CATALOG.UNKNOWN_SKU');
    expect(unknown.body.errors).toEqual([{ field: 'items[0].sku', message: 'no product caviar' }]);
  });

  it('moves an order through the merchant’s steps with If-Match and ETags', async () => {
    const orderId = randomUUID();
    await app
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send({ orderId, merchantId: merchant.userId, items: [{ sku: 'espresso', quantity: 1 }] });
    const cancelled = await app
      .http()
      .post(`/v1/orders/${orderId}/cancel`)
      .set(...bearer(customer))
      .set('If-Match', '"0"')
      .send({ reason: 'changed my mind' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers.etag).toBe('"1"');
    const stale = await app
      .http()
      .post(`/v1/orders/${orderId}/accept`)
      .set(...bearer(merchant))
      .set('If-Match', '"0"');
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('STREAM.REVISION_MISMATCH');
    const illegal = await app
      .http()
      .post(`/v1/orders/${orderId}/accept`)
      .set(...bearer(merchant));
    expect(illegal.status).toBe(422);
    expect(illegal.body.code).toMatch(/^ORDER\./);
    expect((await eventsOf(`order-${orderId}`)).map((event) => event.type)).toEqual([
      'OrderPlaced',
      'OrderCancelled',
    ]);
  });

  it('tops up a wallet once per external reference', async () => {
    const reference = `psp-${randomUUID()}`;
    const first = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 5_000, externalReference: reference });
    const again = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 5_000, externalReference: reference });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.balanceMinor).toBe(5_000);
    const reused = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 7_000, externalReference: reference });
    expect(reused.status).toBe(409);
    expect(await eventsOf(`wallet-${customer.userId}`)).toHaveLength(1);
  });
});
