import { bearer, registerUser, type Session, startTestApp, type TestApp } from '../../support/testApp';
import {
  balanceOf,
  listProduct,
  orderEvents,
  orderReaches,
  orderStatusOf,
  placeOrder,
  post,
  topUp,
  typesOf,
  walletEvents,
  walletReaches,
  SMALL_POOL,
} from './support';
import { firstOrderView, orderViewReaches, walletViewAfter } from './views';

// 2 × 250 + 180: an order total of 680.
const ORDER_ITEMS = [
  { sku: 'espresso', quantity: 2 },
  { sku: 'croissant', quantity: 1 },
];
const TOTAL = 680;

const openShop = async (app: TestApp): Promise<Session> => {
  const merchant = await registerUser(app, 'merchant');
  await listProduct(app, merchant, 'espresso', 250);
  await listProduct(app, merchant, 'croissant', 180);
  return merchant;
};

const customerWith = async (app: TestApp, balanceMinor: number): Promise<Session> => {
  const customer = await registerUser(app, 'customer');
  await topUp(app, customer, balanceMinor);
  return customer;
};

/** Accept, ready, complete: the merchant's side of a paid order. */
const fulfil = async (app: TestApp, merchant: Session, orderId: string): Promise<void> => {
  for (const step of ['accept', 'ready', 'complete'])
    await post(app, merchant, `/v1/orders/${orderId}/${step}`);
};

/**
 * One process with the commands, processor, projector and queries roles: each step is asserted in the
 * store (events, balances folded by the wallet's own state) and in the views the app shows.
 */
describe('the payment process over HTTP (no platform fee)', () => {
  let app: TestApp;
  let merchant: Session;

  beforeAll(async () => {
    // The projector's runners hold connections of their own: this process keeps the default pool.
    app = await startTestApp(['commands', 'processor', 'projector', 'queries']);
    merchant = await openShop(app);
  });
  afterAll(() => app.stop());

  it('charges on placing, and pays the merchant the whole total on completion', async () => {
    const customer = await customerWith(app, 5_000);
    const orderId = await placeOrder(app, customer, merchant, ORDER_ITEMS);
    const first = await firstOrderView(app, customer, orderId);
    // Payment pending (placed, nothing paid), unless the processor paid before the projector's first row.
    const pending = { status: 'placed', paidMinor: null };
    const alreadyPaid = { status: 'paid', paidMinor: TOTAL };
    expect({ status: first.status, paidMinor: first.paidMinor }).toEqual(
      first.status === 'placed' ? pending : alreadyPaid,
    );
    await orderReaches(app, orderId, 'OrderPaid');
    expect(await balanceOf(app, customer.userId)).toBe(5_000 - TOTAL);
    const paid = await orderViewReaches(app, customer, orderId, 'paid');
    expect(paid).toMatchObject({ totalMinor: TOTAL, paidMinor: TOTAL, refundedMinor: null });
    await fulfil(app, merchant, orderId);
    await walletReaches(app, merchant.userId, 'WalletPayoutReceived');
    expect(await balanceOf(app, merchant.userId)).toBe(TOTAL);
    expect(await balanceOf(app, customer.userId)).toBe(5_000 - TOTAL);
    expect(typesOf(await orderEvents(app, orderId))).toEqual([
      'OrderPlaced',
      'OrderPaid',
      'OrderAccepted',
      'OrderMarkedReady',
      'OrderCompleted',
    ]);
    const [payout] = await walletEvents(app, merchant.userId);
    expect(payout?.data).toMatchObject({ orderId, grossMinor: TOTAL, feeMinor: 0, amountMinor: TOTAL });
    const completed = await orderViewReaches(app, merchant, orderId, 'completed');
    expect(Object.keys(completed.steps).sort()).toEqual(['accepted', 'completed', 'paid', 'ready']);
  });

  it('records a failed payment and charges nothing when the wallet cannot pay', async () => {
    const customer = await customerWith(app, TOTAL - 1);
    const orderId = await placeOrder(app, customer, merchant, ORDER_ITEMS);
    await orderReaches(app, orderId, 'OrderPaymentFailed');
    expect(await orderStatusOf(app, orderId)).toBe('payment_failed');
    expect(typesOf(await walletEvents(app, customer.userId))).toEqual([
      'WalletToppedUp',
      'WalletChargeDeclined',
    ]);
    expect(await balanceOf(app, customer.userId)).toBe(TOTAL - 1);
    const failed = await orderViewReaches(app, customer, orderId, 'payment_failed');
    expect(failed).toMatchObject({ paidMinor: null, refundedMinor: null });
    expect(Object.keys(failed.steps)).toEqual(['payment_failed']);
    const accept = await app
      .http()
      .post(`/v1/orders/${orderId}/accept`)
      .set(...bearer(merchant));
    expect(accept.status).toBe(422);
  });

  it('refunds the whole charge when the customer cancels a paid order', async () => {
    const customer = await customerWith(app, 1_000);
    const orderId = await placeOrder(app, customer, merchant, ORDER_ITEMS);
    await orderReaches(app, orderId, 'OrderPaid');
    await post(app, customer, `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
    const events = await orderReaches(app, orderId, 'OrderRefunded');
    expect(typesOf(events)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderCancelled', 'OrderRefunded']);
    expect(events[3]?.data.amountMinor).toBe(TOTAL);
    expect(await orderStatusOf(app, orderId)).toBe('refunded');
    expect(typesOf(await walletEvents(app, customer.userId))).toEqual([
      'WalletToppedUp',
      'WalletCharged',
      'WalletRefunded',
    ]);
    expect(await balanceOf(app, customer.userId)).toBe(1_000);
    const refunded = await orderViewReaches(app, customer, orderId, 'refunded');
    expect(refunded).toMatchObject({ paidMinor: TOTAL, refundedMinor: TOTAL });
    expect(Object.keys(refunded.steps).sort()).toEqual(['cancelled', 'paid', 'refunded']);
    expect((await walletViewAfter(app, customer, 3)).balanceMinor).toBe(1_000);
  });

  it('refunds the customer when the merchant rejects an accepted order, and pays the merchant nothing', async () => {
    const customer = await customerWith(app, 1_000);
    const shop = await openShop(app);
    const orderId = await placeOrder(app, customer, shop, ORDER_ITEMS);
    await orderReaches(app, orderId, 'OrderPaid');
    await post(app, shop, `/v1/orders/${orderId}/accept`);
    await post(app, shop, `/v1/orders/${orderId}/reject`, { reason: 'out of croissants' });
    const events = await orderReaches(app, orderId, 'OrderRefunded');
    expect(typesOf(events)).toEqual([
      'OrderPlaced',
      'OrderPaid',
      'OrderAccepted',
      'OrderRejected',
      'OrderRefunded',
    ]);
    expect(await orderStatusOf(app, orderId)).toBe('refunded');
    expect(await balanceOf(app, customer.userId)).toBe(1_000);
    expect(await walletEvents(app, shop.userId)).toEqual([]);
    const refunded = await orderViewReaches(app, shop, orderId, 'refunded');
    expect(refunded).toMatchObject({ paidMinor: TOTAL, refundedMinor: TOTAL });
    expect(Object.keys(refunded.steps).sort()).toEqual(['accepted', 'paid', 'refunded', 'rejected']);
  });
});

describe('the payment process with a platform fee of 2.5 %', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(['commands', 'processor'], { ...SMALL_POOL, PLATFORM_FEE_BPS: '250' });
  });
  afterAll(() => app.stop());

  it('pays the merchant the total less the fee, rounded in the merchant’s favour', async () => {
    const merchant = await openShop(app);
    const customer = await customerWith(app, 2_000);
    const orderId = await placeOrder(app, customer, merchant, [
      { sku: 'espresso', quantity: 3 },
      { sku: 'croissant', quantity: 2 },
    ]);
    // 3 × 250 + 2 × 180 = 1110; 2.5 % of it is 27.75, so the fee is 27.
    await orderReaches(app, orderId, 'OrderPaid');
    await fulfil(app, merchant, orderId);
    const [payout] = await walletReaches(app, merchant.userId, 'WalletPayoutReceived');
    expect(payout?.data).toMatchObject({ grossMinor: 1_110, feeMinor: 27, amountMinor: 1_083 });
    expect(await balanceOf(app, merchant.userId)).toBe(1_083);
    expect(await balanceOf(app, customer.userId)).toBe(2_000 - 1_110);
  });
});
