import { randomUUID } from 'node:crypto';
import { orderlyOpenApiDocument } from '../../../src/infrastructure/http/openapi/operations';
import { responseConformance } from '../../support/api/conformance';

const orderId = randomUUID();
const order = {
  orderId,
  customerId: randomUUID(),
  merchantId: randomUUID(),
  status: 'paid',
  totalMinor: 700,
  currency: 'EUR',
  placedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  items: [{ sku: 'flat-white', name: 'Flat white', quantity: 2, unitPriceMinor: 350, lineTotalMinor: 700 }],
  steps: { paid: '2026-01-01T00:00:01.000Z' },
  paidMinor: 700,
  refundedMinor: null,
  cancelReason: null,
  rejectionReason: null,
};

const answer = async (status: number, body: unknown, type = 'application/json') => {
  const { middleware, violations } = responseConformance(orderlyOpenApiDocument());
  const request = new Request(`http://127.0.0.1/v1/orders/${orderId}`);
  const response = new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
  await middleware.onResponse?.({ request, response } as never);
  return violations;
};

describe('checking answers against the document', () => {
  it('accepts an answer that matches its schema', async () => {
    expect(await answer(200, order)).toEqual([]);
  });

  it('reports a body that breaks the schema', async () => {
    const [violation] = await answer(200, { ...order, totalMinor: '700', status: 'lost' });
    expect(violation).toMatch(/GET \/v1\/orders\/.* → 200: .*totalMinor.* must be integer/);
    expect(violation).toMatch(/status must be equal to one of the allowed values/);
  });

  it('reports a status the operation does not list', async () => {
    expect(await answer(418, {})).toEqual([`GET /v1/orders/${orderId} → 418: status not documented`]);
  });

  it('follows shared problem responses to the problem+json schema', async () => {
    const problem = {
      type: 'x',
      title: 'Not Found',
      status: 404,
      detail: 'No such order.',
      code: 'ORDER.NOT_FOUND',
    };
    expect(await answer(404, problem, 'application/problem+json')).toEqual([]);
    expect(await answer(404, { status: 404 }, 'application/problem+json')).toHaveLength(1);
  });
});
