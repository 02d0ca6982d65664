import { randomUUID } from 'node:crypto';
import { positionToToken } from '../../../src/application/eventStore/position';
import { bearer, registerUser, type Session } from '../../support/testApp';
import { startQueryTestBed, type QueryTestBed } from './queryApp';

let bed: QueryTestBed;
let merchant: Session;
let customer: Session;
let otherCustomer: Session;

const get = (path: string, session?: Session) => {
  const call = bed.queries().get(path);
  return session === undefined ? call : call.set(...bearer(session));
};

const idsOf = (page: unknown): string[] =>
  (page as { items: { orderId: string }[] }).items.map((order) => order.orderId);

const placeOrder = async (session: Session, quantity = 1) => {
  const orderId = randomUUID();
  const placed = await bed.commands
    .http()
    .post('/v1/orders')
    .set(...bearer(session))
    .send({ orderId, merchantId: merchant.userId, items: [{ sku: 'espresso', quantity }] });
  expect(placed.status).toBe(201);
  return { orderId, token: placed.headers['x-consistency-token'] as string };
};

beforeAll(async () => {
  bed = await startQueryTestBed();
  merchant = await registerUser(bed.commands, 'merchant');
  customer = await registerUser(bed.commands, 'customer');
  otherCustomer = await registerUser(bed.commands, 'customer');
  const listed = await bed.commands
    .http()
    .post(`/v1/merchants/${merchant.userId}/products`)
    .set(...bearer(merchant))
    .send({ sku: 'espresso', name: 'Espresso', priceMinor: 250 });
  expect(listed.status).toBe(201);
});

afterAll(() => bed.stop());

describe('read-your-writes', () => {
  it('answers a query carrying a command’s consistency token with the new state', async () => {
    const { orderId, token } = await placeOrder(customer, 2);
    const detail = await get(`/v1/orders/${orderId}`, customer).set('X-Consistency-Token', token);
    expect(detail.status).toBe(200);
    expect(detail.headers['x-consistency']).toBe('caught-up');
    expect(detail.body).toMatchObject({ orderId, customerId: customer.userId, totalMinor: 500 });
    const topUp = await bed.commands
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 1_200, externalReference: randomUUID() });
    const wallet = await get('/v1/me/wallet', customer).set(
      'X-Consistency-Token',
      String(topUp.headers['x-consistency-token']),
    );
    expect(wallet.headers['x-consistency']).toBe('caught-up');
    expect(wallet.body.transactionCount).toBeGreaterThanOrEqual(1);
  });

  it('says stale when the read model does not reach the token in time, and refuses a forged token', async () => {
    const future = positionToToken({ commit: 2n ** 60n, prepare: 2n ** 60n });
    const stale = await get('/v1/me', customer).set('X-Consistency-Token', future);
    expect(stale.status).toBe(200);
    expect(stale.headers['x-consistency']).toBe('stale');
    const forged = await get('/v1/me', customer).set('X-Consistency-Token', 'not-a-token');
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('CONSISTENCY_TOKEN.INVALID');
  });
});

describe('views', () => {
  it('carry an ETag, and If-None-Match with it gets 304', async () => {
    const first = await get('/v1/me', customer);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ userId: customer.userId, roles: ['customer'] });
    const again = await get('/v1/me', customer).set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const changed = await get('/v1/me', customer).set('If-None-Match', '"something-else"');
    expect(changed.status).toBe(200);
  });

  it('show the merchant’s products to anyone', async () => {
    const products = await get(`/v1/merchants/${merchant.userId}/products`);
    expect(products.status).toBe(200);
    expect(products.body.items).toEqual([expect.objectContaining({ sku: 'espresso', priceMinor: 250 })]);
  });
});

describe('ownership', () => {
  it('never shows another customer’s order, and a merchant only its own queue', async () => {
    const { orderId, token } = await placeOrder(customer);
    const foreign = await get(`/v1/orders/${orderId}`, otherCustomer).set('X-Consistency-Token', token);
    expect(foreign.status).toBe(404);
    const theirs = await get('/v1/me/orders', otherCustomer);
    expect(theirs.body.items).toEqual([]);
    const asMerchant = await get(`/v1/orders/${orderId}`, merchant);
    expect(asMerchant.status).toBe(200);
    const queue = await get(
      `/v1/merchants/${merchant.userId}/orders?status=placed,paid,payment_failed`,
      merchant,
    );
    expect(idsOf(queue.body)).toContain(orderId);
    expect((await get(`/v1/merchants/${customer.userId}/orders`, merchant)).status).toBe(403);
    expect((await get(`/v1/merchants/${merchant.userId}/orders`, customer)).status).toBe(403);
  });

  it('keeps each answer to its owner when concurrent requests share one lookup', async () => {
    const mine = await placeOrder(customer);
    const theirs = await placeOrder(otherCustomer);
    await get(`/v1/orders/${theirs.orderId}`, otherCustomer).set('X-Consistency-Token', theirs.token);
    const asked = Array.from(
      { length: 10 },
      () =>
        [
          [mine.orderId, customer, 200],
          [theirs.orderId, customer, 404],
          [theirs.orderId, otherCustomer, 200],
          [mine.orderId, otherCustomer, 404],
        ] as const,
    ).flat();
    const answers = await Promise.all(
      asked.map(([orderId, session]) => get(`/v1/orders/${orderId}`, session)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(asked.map(([, , status]) => status));
    for (const [index, answer] of answers.entries()) {
      const [orderId, asker] = asked[index]!;
      if (answer.status === 200) expect(answer.body).toMatchObject({ orderId, customerId: asker.userId });
      else expect(Object.keys(answer.body as object)).not.toContain('customerId');
    }
  });

  it('shows projection status to admins only', async () => {
    expect((await get('/v1/operations/projections', customer)).status).toBe(403);
    const admin = bed.tokenFor({ userId: randomUUID(), roles: ['admin'] });
    const status = await bed
      .queries()
      .get('/v1/operations/projections')
      .set('Authorization', `Bearer ${admin}`);
    expect(status.status).toBe(200);
    expect((status.body as { items: { name: string }[] }).items.map((item) => item.name)).toEqual(
      expect.arrayContaining(['orders', 'wallets', 'userProfiles', 'catalogProducts', 'analytics']),
    );
  });
});

describe('cursor pagination', () => {
  it('is newest first and stable while new orders arrive between pages', async () => {
    const shopper = await registerUser(bed.commands, 'customer');
    const placed: { orderId: string; token: string }[] = [];
    for (let index = 0; index < 6; index += 1) placed.push(await placeOrder(shopper));
    const token = placed.at(-1)!.token;
    const firstPage = await get('/v1/me/orders?limit=3', shopper).set('X-Consistency-Token', token);
    expect(firstPage.body.items).toHaveLength(3);
    const late = await placeOrder(shopper);
    const secondPage = await get(`/v1/me/orders?limit=3&cursor=${firstPage.body.nextCursor}`, shopper).set(
      'X-Consistency-Token',
      late.token,
    );
    const seen = [...firstPage.body.items, ...secondPage.body.items].map(
      (order: { orderId: string }) => order.orderId,
    );
    expect(new Set(seen).size).toBe(6);
    expect(seen).not.toContain(late.orderId);
    expect(seen).toEqual(placed.map((order) => order.orderId).reverse());
    expect(secondPage.body.nextCursor).toBeNull();
  });
});
