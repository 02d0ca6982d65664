import { randomUUID } from 'node:crypto';

export type Principal = Readonly<{ userId: string; token: string }>;

/** The users and resources the battery aims at: its own, and other users' (for ownership attacks). */
export type Targets = Readonly<{
  customer: Principal;
  otherCustomer: Principal;
  merchant: Principal;
  otherMerchant: Principal;
  admin: Principal;
  auditor: Principal;
  analyst: Principal;
  orderId: string;
  deviceId: string;
  sku: string;
}>;

/** One route with a well-formed request the battery then breaks one way at a time. */
export type Endpoint = Readonly<{
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params: (t: Targets) => Record<string, string>;
  query: readonly string[];
  body?: (t: Targets) => Record<string, unknown>;
  /** Whose token makes the request legitimate; `the other` of that kind is the ownership attack. */
  as?: (t: Targets) => Principal;
  owner?: (t: Targets) => Principal;
}>;

const none = () => ({});
const PAGE = ['limit', 'cursor'];
const AUDIT_PAGE = ['from', 'to', 'limit', 'cursor', 'fromRevision', 'asOf', 'revision', 'format'];
const order = (t: Targets) => ({ orderId: t.orderId });

export const ENDPOINTS: readonly Endpoint[] = [
  {
    method: 'POST',
    path: '/v1/auth/register',
    params: none,
    query: [],
    body: () => ({
      email: `h-${randomUUID()}@example.com`,
      password: 'a long enough password',
      displayName: 'Hostile',
      role: 'customer',
    }),
  },
  {
    method: 'POST',
    path: '/v1/auth/login',
    params: none,
    query: [],
    body: () => ({ email: 'nobody@example.com', password: 'wrong password!' }),
  },
  {
    method: 'POST',
    path: '/v1/auth/refresh',
    params: none,
    query: [],
    body: () => ({ refreshToken: 'x'.repeat(40) }),
  },
  {
    method: 'POST',
    path: '/v1/auth/logout',
    params: none,
    query: [],
    body: () => ({ refreshToken: 'x'.repeat(40) }),
  },
  {
    method: 'POST',
    path: '/v1/me/devices',
    params: none,
    query: [],
    as: (t) => t.customer,
    body: () => ({ deviceId: randomUUID(), platform: 'ios', pushToken: 'hostile-token' }),
  },
  {
    method: 'DELETE',
    path: '/v1/me/devices/{deviceId}',
    params: (t) => ({ deviceId: t.deviceId }),
    query: [],
    as: (t) => t.otherCustomer,
  },
  {
    method: 'POST',
    path: '/v1/users/{userId}/roles',
    params: (t) => ({ userId: t.customer.userId }),
    query: [],
    as: (t) => t.customer,
    body: () => ({ role: 'admin' }),
  },
  {
    method: 'POST',
    path: '/v1/merchants/{merchantId}/products',
    params: (t) => ({ merchantId: t.merchant.userId }),
    query: [],
    as: (t) => t.otherMerchant,
    body: () => ({ sku: 'hostile', name: 'Hostile', priceMinor: 100 }),
  },
  {
    method: 'POST',
    path: '/v1/merchants/{merchantId}/products/{sku}/price',
    params: (t) => ({ merchantId: t.merchant.userId, sku: t.sku }),
    query: [],
    as: (t) => t.otherMerchant,
    body: () => ({ priceMinor: 1 }),
  },
  {
    method: 'POST',
    path: '/v1/merchants/{merchantId}/products/{sku}/delist',
    params: (t) => ({ merchantId: t.merchant.userId, sku: t.sku }),
    query: [],
    as: (t) => t.otherMerchant,
  },
  {
    method: 'POST',
    path: '/v1/orders',
    params: none,
    query: [],
    as: (t) => t.customer,
    body: (t) => ({
      orderId: t.orderId,
      merchantId: t.merchant.userId,
      items: [{ sku: 'no-such-sku', quantity: 1 }],
    }),
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/cancel',
    params: order,
    query: [],
    as: (t) => t.otherCustomer,
    body: () => ({ reason: 'hostile' }),
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/accept',
    params: order,
    query: [],
    as: (t) => t.otherMerchant,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/ready',
    params: order,
    query: [],
    as: (t) => t.otherMerchant,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/complete',
    params: order,
    query: [],
    as: (t) => t.otherMerchant,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/reject',
    params: order,
    query: [],
    as: (t) => t.otherMerchant,
    body: () => ({ reason: 'hostile' }),
  },
  {
    method: 'POST',
    path: '/v1/wallet/top-ups',
    params: none,
    query: [],
    as: (t) => t.customer,
    body: () => ({ amountMinor: 0, externalReference: 'hostile' }),
  },
  { method: 'GET', path: '/v1/me', params: none, query: [], as: (t) => t.customer },
  { method: 'GET', path: '/v1/me/orders', params: none, query: PAGE, as: (t) => t.customer },
  { method: 'GET', path: '/v1/orders/{orderId}', params: order, query: [], as: (t) => t.otherCustomer },
  {
    method: 'GET',
    path: '/v1/merchants/{merchantId}/orders',
    params: (t) => ({ merchantId: t.merchant.userId }),
    query: [...PAGE, 'status'],
    as: (t) => t.otherMerchant,
  },
  {
    method: 'GET',
    path: '/v1/merchants/{merchantId}/products',
    params: (t) => ({ merchantId: t.merchant.userId }),
    query: ['includeDelisted'],
  },
  { method: 'GET', path: '/v1/me/wallet', params: none, query: [], as: (t) => t.customer },
  { method: 'GET', path: '/v1/me/wallet/transactions', params: none, query: PAGE, as: (t) => t.customer },
  { method: 'GET', path: '/v1/me/notifications', params: none, query: PAGE, as: (t) => t.customer },
  { method: 'GET', path: '/v1/operations/projections', params: none, query: [], as: (t) => t.customer },
  {
    method: 'GET',
    path: '/v1/operations/projections/parked',
    params: none,
    query: ['projection', 'limit'],
    as: (t) => t.admin,
  },
  {
    method: 'POST',
    path: '/v1/operations/projections/parked/{id}/replay',
    params: () => ({ id: '1' }),
    query: [],
    as: (t) => t.admin,
  },
  {
    method: 'GET',
    path: '/v1/audit/streams/{streamName}/events',
    params: (t) => ({ streamName: `order-${t.orderId}` }),
    query: AUDIT_PAGE,
    as: (t) => t.auditor,
  },
  {
    method: 'GET',
    path: '/v1/audit/streams/{streamName}/verification',
    params: (t) => ({ streamName: `order-${t.orderId}` }),
    query: [],
    as: (t) => t.auditor,
  },
  { method: 'GET', path: '/v1/audit/events', params: none, query: AUDIT_PAGE, as: (t) => t.auditor },
  { method: 'GET', path: '/v1/audit/events/export', params: none, query: AUDIT_PAGE, as: (t) => t.auditor },
  {
    method: 'GET',
    path: '/v1/audit/entities/{kind}/{id}/state',
    params: (t) => ({ kind: 'order', id: t.orderId }),
    query: ['asOf', 'revision'],
    as: (t) => t.auditor,
  },
  {
    method: 'GET',
    path: '/v1/audit/correlations/{correlationId}/events',
    params: () => ({ correlationId: randomUUID() }),
    query: PAGE,
    as: (t) => t.auditor,
  },
  {
    method: 'GET',
    path: '/v1/analytics/daily-sales',
    params: none,
    query: ['from', 'to', 'merchantId', 'format'],
    as: (t) => t.analyst,
  },
  {
    method: 'GET',
    path: '/v1/analytics/product-sales',
    params: none,
    query: ['from', 'to', 'merchantId', 'format'],
    as: (t) => t.analyst,
  },
  {
    method: 'GET',
    path: '/v1/analytics/order-funnel',
    params: none,
    query: ['from', 'to', 'format'],
    as: (t) => t.analyst,
  },
  { method: 'GET', path: '/healthz', params: none, query: [] },
  { method: 'GET', path: '/readyz', params: none, query: [] },
  { method: 'GET', path: '/metrics', params: none, query: [] },
  { method: 'GET', path: '/openapi.json', params: none, query: [] },
];

/** Routes the served OpenAPI document lists that the table above lacks (attacked generically). */
export const documentedExtras = (document: unknown): Endpoint[] => {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  const known = new Set(ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.path}`));
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .map((method) => method.toUpperCase())
      .filter((method): method is Endpoint['method'] => ['GET', 'POST', 'DELETE'].includes(method))
      .filter((method) => !known.has(`${method} ${path}`))
      .map((method) => ({
        method,
        path,
        params: () =>
          Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1] as string, randomUUID()])),
        query: [],
      })),
  );
};
