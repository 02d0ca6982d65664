import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  bearer,
  eventCount,
  registerUser,
  type Session,
  startTestApp,
  type TestApp,
} from '../../support/testApp';

type Attempt = Readonly<{
  name: string;
  method: 'post' | 'delete';
  path: string;
  body?: unknown;
  raw?: string;
  status: number;
}>;

describe('bad input and hostile callers get 4xx problem+json and change nothing', () => {
  let app: TestApp;
  let customer: Session;
  let merchant: Session;
  let otherCustomer: Session;
  let orderId: string;

  beforeAll(async () => {
    app = await startTestApp(['commands'], { HTTP_BODY_LIMIT_BYTES: '4096' });
    [customer, merchant, otherCustomer] = await Promise.all([
      registerUser(app, 'customer'),
      registerUser(app, 'merchant'),
      registerUser(app, 'customer'),
    ]);
    await app
      .http()
      .post(`/v1/merchants/${merchant.userId}/products`)
      .set(...bearer(merchant))
      .send({ sku: 'tea', name: 'Tea', priceMinor: 200 });
    orderId = randomUUID();
    await app
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send({ orderId, merchantId: merchant.userId, items: [{ sku: 'tea', quantity: 1 }] });
  });
  afterAll(() => app.stop());

  const badBodies = (): Attempt[] => [
    {
      name: 'malformed JSON',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '{"amountMinor": 5',
      status: 400,
    },
    { name: 'a JSON array', method: 'post', path: '/v1/wallet/top-ups', raw: '[1,2]', status: 400 },
    { name: 'a JSON string', method: 'post', path: '/v1/wallet/top-ups', raw: '"hello"', status: 400 },
    {
      name: 'wrong types',
      method: 'post',
      path: '/v1/wallet/top-ups',
      body: { amountMinor: '100', externalReference: 7 },
      status: 400,
    },
    { name: 'missing fields', method: 'post', path: '/v1/wallet/top-ups', body: {}, status: 400 },
    {
      name: 'unknown fields',
      method: 'post',
      path: '/v1/wallet/top-ups',
      body: { amountMinor: 1, externalReference: 'r-1', admin: true },
      status: 400,
    },
    {
      name: 'a negative amount',
      method: 'post',
      path: '/v1/wallet/top-ups',
      body: { amountMinor: -5, externalReference: 'r-2' },
      status: 400,
    },
    {
      name: 'an absurd amount',
      method: 'post',
      path: '/v1/wallet/top-ups',
      body: { amountMinor: 1e30, externalReference: 'r-3' },
      status: 400,
    },
    {
      name: 'a fractional amount',
      method: 'post',
      path: '/v1/wallet/top-ups',
      body: { amountMinor: 10.5, externalReference: 'r-4' },
      status: 400,
    },
    {
      name: 'a huge body',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: JSON.stringify({ amountMinor: 1, externalReference: 'x'.repeat(10_000) }),
      status: 413,
    },
    {
      name: 'a bad order UUID',
      method: 'post',
      path: '/v1/orders',
      body: { orderId: 'not-a-uuid', merchantId: randomUUID(), items: [{ sku: 'tea', quantity: 1 }] },
      status: 400,
    },
    { name: 'a bad path UUID', method: 'post', path: '/v1/orders/123/cancel', body: {}, status: 400 },
    {
      name: 'zero quantity',
      method: 'post',
      path: '/v1/orders',
      body: { orderId: randomUUID(), merchantId: randomUUID(), items: [{ sku: 'tea', quantity: 0 }] },
      status: 400,
    },
    {
      name: 'too many items',
      method: 'post',
      path: '/v1/orders',
      body: {
        orderId: randomUUID(),
        merchantId: randomUUID(),
        items: Array.from({ length: 101 }, () => ({ sku: 'tea', quantity: 1 })),
      },
      status: 400,
    },
    {
      name: 'nested unknown fields',
      method: 'post',
      path: '/v1/orders',
      body: {
        orderId: randomUUID(),
        merchantId: randomUUID(),
        items: [{ sku: 'tea', quantity: 1, priceMinor: 1 }],
      },
      status: 400,
    },
    {
      name: 'control characters',
      method: 'post',
      path: `/v1/orders/${randomUUID()}/cancel`,
      body: { reason: 'bad\u0000reason' },
      status: 400,
    },
    {
      name: 'a bad If-Match',
      method: 'post',
      path: '/v1/wallet/top-ups',
      body: { amountMinor: 1, externalReference: 'r-5' },
      status: 400,
    },
    {
      name: 'a prototype key',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '{"amountMinor":{"constructor":{"prototype":{}}},"externalReference":"x"}',
      status: 400,
    },
    {
      name: 'a __proto__ key',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '{"__proto__":{"admin":true},"amountMinor":1,"externalReference":"x"}',
      status: 400,
    },
    {
      name: 'deep nesting',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '['.repeat(1500) + ']'.repeat(1500),
      status: 400,
    },
    {
      name: 'a null reason',
      method: 'post',
      path: `/v1/orders/${randomUUID()}/cancel`,
      body: { reason: null },
      status: 400,
    },
    { name: 'a NUL in the path', method: 'post', path: '/v1/orders/%00/cancel', body: {}, status: 400 },
    {
      name: 'a NUL in a string',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '{"amountMinor":1,"externalReference":"a\\u0000b"}',
      status: 400,
    },
    {
      name: 'a lone surrogate in a string',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '{"amountMinor":1,"externalReference":"a\\ud800b"}',
      status: 400,
    },
    {
      name: 'a lone surrogate in a key',
      method: 'post',
      path: '/v1/wallet/top-ups',
      raw: '{"amountMinor":1,"externalReference":"x","\\udc00":1}',
      status: 400,
    },
    {
      name: 'a lone surrogate in the email of a login',
      method: 'post',
      path: '/v1/auth/login',
      raw: '{"email":"\\ud800@example.com","password":"a long enough password"}',
      status: 400,
    },
  ];

  it.each(badBodies().map((attempt) => [attempt.name, attempt] as const))('%s', async (_name, attempt) => {
    const before = await eventCount(app);
    let call = app
      .http()
      [attempt.method](attempt.path)
      .set(...bearer(customer));
    if (attempt.name === 'a bad If-Match') call = call.set('If-Match', 'W/"abc"');
    const response =
      attempt.raw === undefined
        ? await call.send(attempt.body as object)
        : await call.set('Content-Type', 'application/json').send(attempt.raw);
    expect(response.status).toBe(attempt.status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: attempt.status, code: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    expect(await eventCount(app)).toBe(before);
  });

  it('explains every invalid field', async () => {
    const response = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 'lots', extra: 1 });
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'amountMinor' }),
        expect.objectContaining({ field: 'externalReference' }),
        expect.objectContaining({ field: 'extra' }),
      ]),
    );
  });

  describe('tokens', () => {
    const claims = () => ({ roles: ['customer'] });
    const options = (overrides: jwt.SignOptions = {}): jwt.SignOptions => ({
      subject: customer.userId,
      issuer: app.config.auth.issuer,
      audience: app.config.auth.audience,
      ...overrides,
    });
    const topUpWith = (token: string | undefined) => {
      const call = app.http().post('/v1/wallet/top-ups');
      if (token !== undefined) call.set('Authorization', `Bearer ${token}`);
      return call.send({ amountMinor: 100, externalReference: `t-${randomUUID()}` });
    };

    it.each([
      ['no token', () => undefined],
      ['an expired token', () => jwt.sign({ ...claims(), exp: 1_000 }, app.config.auth.jwtSecret, options())],
      ['a wrong signature', () => jwt.sign(claims(), 'another secret of sufficient length!!', options())],
      ['alg none', () => jwt.sign(claims(), '', options({ algorithm: 'none' }))],
      [
        'another audience',
        () => jwt.sign(claims(), app.config.auth.jwtSecret, options({ audience: 'someone-else' })),
      ],
      ['garbage', () => 'not.a.token'],
    ])('refuses %s with 401', async (_name, token) => {
      const before = await eventCount(app);
      const response = await topUpWith(token());
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(await eventCount(app)).toBe(before);
    });
  });

  describe('roles and ownership', () => {
    it('refuses a customer acting as a merchant', async () => {
      const response = await app
        .http()
        .post(`/v1/merchants/${customer.userId}/products`)
        .set(...bearer(customer))
        .send({ sku: 'fake', name: 'Fake', priceMinor: 1 });
      expect(response.status).toBe(403);
    });

    it('refuses a merchant changing another merchant’s catalog', async () => {
      const other = await registerUser(app, 'merchant');
      const response = await app
        .http()
        .post(`/v1/merchants/${merchant.userId}/products/tea/price`)
        .set(...bearer(other))
        .send({ priceMinor: 1 });
      expect(response.status).toBe(403);
    });

    it('refuses another customer cancelling my order, and another merchant accepting it', async () => {
      const before = await eventCount(app);
      const cancel = await app
        .http()
        .post(`/v1/orders/${orderId}/cancel`)
        .set(...bearer(otherCustomer))
        .send({});
      const stranger = await registerUser(app, 'merchant');
      const accept = await app
        .http()
        .post(`/v1/orders/${orderId}/accept`)
        .set(...bearer(stranger));
      expect([cancel.status, accept.status]).toEqual([403, 403]);
      expect((await eventCount(app)) - before).toBe(2); // the stranger's own registration events only
    });

    it('refuses role escalation through registration', async () => {
      const response = await app
        .http()
        .post('/v1/auth/register')
        .send({
          email: `${randomUUID()}@example.com`,
          password: 'long enough password',
          displayName: 'X',
          role: 'admin',
        });
      expect(response.status).toBe(400);
    });
  });
});
