import { randomUUID } from 'node:crypto';
import { orderlyOpenApiDocument } from '../../../src/infrastructure/http/openapi/operations';
import { createApiClient, type ApiClient } from '../../support/api/client';
import { responseConformance } from '../../support/api/conformance';
import { startTestApp, type TestApp } from '../../support/testApp';

const PASSWORD = 'correct horse battery staple';
// Every answer the client receives is checked against the document's statuses and schemas.
const conformance = responseConformance(orderlyOpenApiDocument());

type SignedIn = Readonly<{ api: ApiClient; userId: string; refreshToken: string; registeredAt: string }>;

/** What the app does on first launch: register, then log in and keep the tokens. */
const signUp = async (app: TestApp, role: 'customer' | 'merchant'): Promise<SignedIn> => {
  const tokens: { access?: string } = {};
  const api = createApiClient(app.running.url, () => tokens.access);
  api.use(conformance.middleware);
  const email = `${role}-${randomUUID()}@example.com`;
  const registered = await api.POST('/v1/auth/register', {
    body: { email, password: PASSWORD, displayName: `Mobile ${role}`, role },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(registered.response.status).toBe(201);
  const { data, error } = await api.POST('/v1/auth/login', { body: { email, password: PASSWORD } });
  if (data === undefined) throw new Error(`login failed: ${JSON.stringify(error)}`);
  tokens.access = data.accessToken;
  const registeredAt = registered.data!.consistencyToken!;
  return { api, userId: data.userId, refreshToken: data.refreshToken, registeredAt };
};

describe('a mobile app on the generated typed client', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(['commands', 'queries', 'projector', 'processor']);
  });
  afterAll(() => app.stop());
  afterEach(() => {
    expect(conformance.violations.splice(0)).toEqual([]);
  });

  it('lists a product, tops up, places an order, retries it safely and reads it back', async () => {
    const merchant = await signUp(app, 'merchant');
    const listed = await merchant.api.POST('/v1/merchants/{merchantId}/products', {
      params: { path: { merchantId: merchant.userId } },
      body: { sku: 'flat-white', name: 'Flat white', priceMinor: 350 },
    });
    expect(listed.data).toMatchObject({ merchantId: merchant.userId, sku: 'flat-white', revision: '0' });

    const customer = await signUp(app, 'customer');
    const menu = await customer.api.GET('/v1/merchants/{merchantId}/products', {
      params: {
        path: { merchantId: merchant.userId },
        header: { 'X-Consistency-Token': listed.data!.consistencyToken! },
      },
    });
    expect(menu.response.headers.get('X-Consistency')).toBe('caught-up');
    expect(menu.data?.items).toEqual([expect.objectContaining({ sku: 'flat-white', priceMinor: 350 })]);
    const menuAgain = await customer.api.GET('/v1/merchants/{merchantId}/products', {
      params: {
        path: { merchantId: merchant.userId },
        header: { 'If-None-Match': menu.response.headers.get('ETag')! },
      },
    });
    expect(menuAgain.response.status).toBe(304);

    const topUp = await customer.api.POST('/v1/wallet/top-ups', {
      body: { amountMinor: 1_000, externalReference: `card-${randomUUID()}` },
    });
    expect(topUp.data?.balanceMinor).toBe(1_000);
    const wallet = await customer.api.GET('/v1/me/wallet', {
      params: { header: { 'X-Consistency-Token': topUp.data!.consistencyToken! } },
    });
    expect(wallet.data).toMatchObject({ userId: customer.userId, balanceMinor: 1_000 });

    const orderId = randomUUID();
    const idempotencyKey = randomUUID();
    const place = () =>
      customer.api.POST('/v1/orders', {
        body: { orderId, merchantId: merchant.userId, items: [{ sku: 'flat-white', quantity: 2 }] },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
    const placed = await place();
    expect(placed.response.status).toBe(201);
    expect(placed.data).toMatchObject({ orderId, status: 'placed', revision: '0' });
    expect(placed.response.headers.get('ETag')).toBe('"0"');
    expect(placed.response.headers.get('X-Consistency-Token')).toBe(placed.data?.consistencyToken);

    const retried = await place();
    expect(retried.response.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.data).toEqual(placed.data);

    const order = await customer.api.GET('/v1/orders/{orderId}', {
      params: { path: { orderId }, header: { 'X-Consistency-Token': placed.data!.consistencyToken! } },
    });
    expect(order.response.headers.get('X-Consistency')).toBe('caught-up');
    expect(order.data).toMatchObject({ orderId, customerId: customer.userId, totalMinor: 700 });
    expect(order.data?.items).toEqual([expect.objectContaining({ sku: 'flat-white', quantity: 2 })]);

    const mine = await customer.api.GET('/v1/me/orders', { params: { query: { limit: '10' } } });
    expect(mine.data?.items.map((summary) => summary.orderId)).toEqual([orderId]);
    expect(mine.data?.nextCursor).toBeNull();
  });

  it('gets typed problem details it can branch on', async () => {
    const customer = await signUp(app, 'customer');
    const { data, error, response } = await customer.api.POST('/v1/orders/{orderId}/accept', {
      params: { path: { orderId: randomUUID() } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(403);
    expect(response.headers.get('Content-Type')).toContain('application/problem+json');
    expect(error).toMatchObject({ status: 403, code: 'AUTH.ROLE_REQUIRED' });
  });

  it('reads its profile after registering, and its inbox (empty: no notifier runs here)', async () => {
    const customer = await signUp(app, 'customer');
    const inbox = await customer.api.GET('/v1/me/notifications', {
      params: { query: { unreadOnly: 'true' } },
    });
    expect(inbox.data).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    const marked = await customer.api.POST('/v1/me/notifications/read');
    expect(marked.data).toEqual({ markedRead: 0 });
    const profile = await customer.api.GET('/v1/me', {
      params: { header: { 'X-Consistency-Token': customer.registeredAt } },
    });
    expect(profile.data).toMatchObject({ userId: customer.userId, roles: ['customer'] });
  });

  it('rotates its refresh token; a reused one revokes the family; logout ends a session', async () => {
    const customer = await signUp(app, 'customer');
    const rotated = await customer.api.POST('/v1/auth/refresh', {
      body: { refreshToken: customer.refreshToken },
    });
    const next = rotated.data?.refreshToken;
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(customer.refreshToken);
    const reused = await customer.api.POST('/v1/auth/refresh', {
      body: { refreshToken: customer.refreshToken },
    });
    expect(reused.error).toMatchObject({ status: 401, code: 'AUTH.REFRESH_TOKEN_INVALID' });
    const afterTheft = await customer.api.POST('/v1/auth/refresh', { body: { refreshToken: next! } });
    expect(afterTheft.error).toMatchObject({ status: 401, code: 'AUTH.REFRESH_TOKEN_INVALID' });

    const other = await signUp(app, 'customer');
    const loggedOut = await other.api.POST('/v1/auth/logout', { body: { refreshToken: other.refreshToken } });
    expect(loggedOut.response.status).toBe(204);
    const afterLogout = await other.api.POST('/v1/auth/refresh', {
      body: { refreshToken: other.refreshToken },
    });
    expect(afterLogout.error).toMatchObject({ status: 401, code: 'AUTH.REFRESH_TOKEN_INVALID' });
  });
});
