import { randomUUID } from 'node:crypto';
import { orderStream } from '../../../src/domain/ordering/streams';
import {
  type AuditHarness,
  orderCommand,
  placeAndPay,
  startAuditHarness,
  topUp,
} from '../../support/audit/auditHarness';
import { csvObjects } from '../../support/audit/parseCsv';

let harness: AuditHarness;
let analyst: string;
const customerId = randomUUID();
const brokeCustomerId = randomUUID();
const merchantA = randomUUID();
const merchantB = randomUUID();
const now = new Date().toISOString();
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const range = { from: day(-1), to: day(1) };

const completeOrder = async (orderId: string, merchantId: string) => {
  for (const type of ['AcceptOrder', 'MarkOrderReady', 'CompleteOrder'] as const) {
    await orderCommand(harness, orderId, { type, data: { orderId, actorId: merchantId, now } });
  }
};

const cancelAndRefund = async (orderId: string) => {
  await orderCommand(harness, orderId, { type: 'CancelOrder', data: { orderId, actorId: customerId, now } });
  const events = await harness.store.readStream(orderStream(orderId));
  await harness.payments.handle(events.at(-1)!);
};

beforeAll(async () => {
  harness = await startAuditHarness();
  analyst = harness.tokenFor('analyst');
  await topUp(harness, customerId, 100_000, now);
  const paidA = await placeAndPay(harness, {
    customerId,
    merchantId: merchantA,
    sku: 'tea',
    quantity: 2,
    unitPriceMinor: 150,
    now,
  });
  await completeOrder(paidA, merchantA);
  await placeAndPay(harness, {
    customerId,
    merchantId: merchantA,
    sku: 'cake, "large"',
    quantity: 1,
    unitPriceMinor: 900,
    now,
  });
  const cancelled = await placeAndPay(harness, {
    customerId,
    merchantId: merchantB,
    sku: 'tea',
    quantity: 1,
    unitPriceMinor: 400,
    now,
  });
  await cancelAndRefund(cancelled);
  await placeAndPay(harness, {
    customerId: brokeCustomerId,
    merchantId: merchantB,
    sku: 'tea',
    quantity: 1,
    unitPriceMinor: 400,
    now,
  });
  await harness.caughtUp();
});

afterAll(async () => {
  await harness.stop();
});

const rowsOf = (response: { body: { rows: { merchantId: string }[] } }) => response.body.rows;

const get = (path: string, query: Record<string, string>, accept = 'application/json') =>
  harness.http().get(path).query(query).set('Authorization', analyst).set('Accept', accept);

describe('who may analyse', () => {
  it.each(['/v1/analytics/daily-sales', '/v1/analytics/product-sales', '/v1/analytics/order-funnel'])(
    'refuses %s to a customer and an auditor (403) and lets an admin in',
    async (path) => {
      for (const role of ['customer', 'auditor'] as const) {
        const response = await harness
          .http()
          .get(path)
          .query(range)
          .set('Authorization', harness.tokenFor(role));
        expect(response.status).toBe(403);
      }
      const admin = await harness
        .http()
        .get(path)
        .query(range)
        .set('Authorization', harness.tokenFor('admin'));
      expect(admin.status).toBe(200);
    },
  );
});

describe('daily sales per merchant', () => {
  it('answers JSON and the same rows as CSV', async () => {
    const json = await get('/v1/analytics/daily-sales', range);
    expect(json.status).toBe(200);
    const byMerchant = new Map(rowsOf(json).map((row) => [row.merchantId, row]));
    expect(byMerchant.get(merchantA)).toEqual({
      merchantId: merchantA,
      day: day(0),
      orders: 2,
      grossMinor: 1_200,
      refundedMinor: 0,
    });
    expect(byMerchant.get(merchantB)).toEqual({
      merchantId: merchantB,
      day: day(0),
      orders: 1,
      grossMinor: 400,
      refundedMinor: 400,
    });

    const csv = await get('/v1/analytics/daily-sales', range, 'text/csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csvObjects(csv.text);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.merchant_id === merchantA)).toEqual({
      day: day(0),
      merchant_id: merchantA,
      orders: '2',
      gross_minor: '1200',
      refunded_minor: '0',
    });
  });

  it('filters by merchant and refuses an inverted range', async () => {
    const one = await get('/v1/analytics/daily-sales', { ...range, merchantId: merchantB });
    expect(rowsOf(one).map((row) => row.merchantId)).toEqual([merchantB]);
    const inverted = await get('/v1/analytics/daily-sales', { from: range.to, to: range.from });
    expect(inverted.status).toBe(400);
    expect(inverted.body.code).toBe('ANALYTICS.INVALID_RANGE');
  });
});

describe('product sales', () => {
  it('round-trips a sku with a comma and quotes through CSV', async () => {
    const csv = await get('/v1/analytics/product-sales', { ...range, merchantId: merchantA }, 'text/csv');
    const rows = csvObjects(csv.text).map((row) => [row.sku, row.quantity, row.revenue_minor]);
    expect(rows.sort()).toEqual([
      ['cake, "large"', '1', '900'],
      ['tea', '2', '300'],
    ]);
  });
});

describe('the order funnel', () => {
  it('counts placed, paid, completed, cancelled and failed orders, with rates', async () => {
    const response = await get('/v1/analytics/order-funnel', range);
    expect(response.body.totals).toEqual({
      placed: 4,
      paid: 3,
      payment_failed: 1,
      completed: 1,
      cancelled: 1,
      rejected: 0,
      refunded: 1,
    });
    expect(response.body.rates).toEqual({
      paidOfPlaced: 0.75,
      completedOfPaid: 0.3333,
      completedOfPlaced: 0.25,
      cancellationRate: 0.25,
      paymentFailureRate: 0.25,
      rejectionRate: 0,
    });
    const csv = csvObjects((await get('/v1/analytics/order-funnel', range, 'text/csv')).text);
    expect(csv.at(-1)).toMatchObject({
      day: 'total',
      placed: '4',
      paid: '3',
      paidOfPlaced: '0.75',
      cancellationRate: '0.25',
    });
  });
});
