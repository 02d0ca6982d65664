import { randomUUID } from 'node:crypto';
import type { Position } from '../../../src/application/eventStore/position';
import { catalogStream } from '../../../src/domain/catalog/streams';
import { userStream } from '../../../src/domain/identity/streams';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { dailySales, orderFunnel, productSales } from '../../../src/projections/analytics/queries';
import { merchantProducts } from '../../../src/projections/catalogProducts/queries';
import { customerOrders, findOrder, merchantOrderQueue } from '../../../src/projections/orders/queries';
import { commitBatch } from '../../../src/projections/runner/applyBatch';
import { liveTarget } from '../../../src/projections/runner/projection';
import { findUserProfile } from '../../../src/projections/userProfiles/queries';
import { findWallet, walletTransactions } from '../../../src/projections/wallets/queries';
import {
  append,
  at,
  charged,
  createProjectionTestBed,
  newOrderIds,
  orderPaid,
  orderPlaced,
  type ProjectionTestBed,
  readEverything,
  snapshot,
  toppedUp,
  userRegistered,
} from './support/fixtures';

const policy = { maxAttempts: 2, onPoison: 'park' } as const;
let bed: ProjectionTestBed;
const customerId = randomUUID();
const merchantId = randomUUID();
const first = newOrderIds(customerId, merchantId);
const second = newOrderIds(customerId, merchantId);
let lastPosition: Position;

const applyAll = async (): Promise<void> => {
  const events = await readEverything(bed.store, lastPosition);
  for (const projection of bed.projections)
    await commitBatch(bed.db.knex, liveTarget(projection), events, policy);
};

const allRows = async () => ({
  profiles: await snapshot(bed.db, 'user_profiles', ['user_id']),
  products: await snapshot(bed.db, 'catalog_products', ['merchant_id', 'sku']),
  orders: await snapshot(bed.db, 'orders', ['order_id']),
  wallets: await snapshot(bed.db, 'wallets', ['user_id']),
  transactions: await snapshot(bed.db, 'wallet_transactions', ['transaction_id']),
  sales: await snapshot(bed.db, `${bed.db.analyticsSchema}.daily_merchant_sales`, ['merchant_id', 'day']),
  funnel: await snapshot(bed.db, `${bed.db.analyticsSchema}.order_funnel_daily`, ['day']),
});

beforeAll(async () => {
  bed = await createProjectionTestBed();
  await append(bed.store, userStream(customerId), [
    userRegistered(customerId),
    {
      type: 'RoleGranted',
      data: { userId: customerId, role: 'analyst', grantedBy: merchantId, grantedAt: at(1) },
    },
  ]);
  await append(bed.store, catalogStream(merchantId), [
    {
      type: 'ProductListed',
      data: { merchantId, sku: 'latte', name: 'Latte', priceMinor: 350, currency: 'EUR', listedAt: at(0) },
    },
    {
      type: 'ProductListed',
      data: { merchantId, sku: 'bagel', name: 'Bagel', priceMinor: 300, currency: 'EUR', listedAt: at(0) },
    },
    {
      type: 'ProductPriceChanged',
      data: { merchantId, sku: 'latte', priceMinor: 380, previousPriceMinor: 350, changedAt: at(2) },
    },
    { type: 'ProductDelisted', data: { merchantId, sku: 'bagel', delistedAt: at(3) } },
  ]);
  await append(bed.store, walletStream(customerId), [
    toppedUp(customerId, 5000),
    charged(customerId, first.orderId, 1000),
  ]);
  await append(bed.store, orderStream(first.orderId), [
    orderPlaced(first, at(5)),
    orderPaid(first, at(6)),
    { type: 'OrderAccepted', data: { ...first, acceptedAt: at(7) } },
  ]);
  lastPosition = await append(bed.store, orderStream(second.orderId), [
    orderPlaced(second, at(10)),
    { type: 'OrderPaymentFailed', data: { ...second, reason: 'INSUFFICIENT_FUNDS', failedAt: at(11) } },
  ]);
  await applyAll();
});

afterAll(() => bed.close());

describe('given a user, a catalog, a wallet and two orders', () => {
  it('projects the user profile with its roles', async () => {
    const profile = await findUserProfile(bed.db.knex, customerId);
    expect(profile).toMatchObject({
      userId: customerId,
      email: `${customerId}@example.com`,
      roles: ['analyst', 'customer'],
    });
  });

  it('projects the catalog: changed price, delisted product hidden', async () => {
    expect(await merchantProducts(bed.db.knex, merchantId)).toEqual([
      expect.objectContaining({ sku: 'latte', name: 'Latte', priceMinor: 380, listed: true }),
    ]);
    const all = await merchantProducts(bed.db.knex, merchantId, { includeDelisted: true });
    expect(all.map((product) => [product.sku, product.listed])).toEqual([
      ['bagel', false],
      ['latte', true],
    ]);
  });

  it('projects order detail with each step time', async () => {
    const order = await findOrder(bed.db.knex, first.orderId);
    expect(order).toMatchObject({
      status: 'accepted',
      totalMinor: 1000,
      paidMinor: 1000,
      customerId,
      merchantId,
    });
    expect(order?.steps).toEqual({ paid: at(6), accepted: at(7) });
    expect(order?.items).toHaveLength(2);
    expect((await findOrder(bed.db.knex, second.orderId))?.status).toBe('payment_failed');
  });

  it("lists a customer's orders newest first and a merchant's queue by status", async () => {
    const page = await customerOrders(bed.db.knex, customerId);
    expect(page.items.map((order) => order.orderId)).toEqual([second.orderId, first.orderId]);
    const queue = await merchantOrderQueue(bed.db.knex, merchantId, ['accepted']);
    expect(queue.items.map((order) => order.orderId)).toEqual([first.orderId]);
  });

  it('projects the wallet balance and its transactions', async () => {
    expect(await findWallet(bed.db.knex, customerId)).toMatchObject({
      balanceMinor: 4000,
      transactionCount: 2,
    });
    const page = await walletTransactions(bed.db.knex, customerId);
    expect(page.items.map((entry) => [entry.kind, entry.balanceEffectMinor])).toEqual([
      ['charge', -1000],
      ['top_up', 5000],
    ]);
  });

  it('projects daily sales, product sales and the funnel into the analytics schema', async () => {
    const range = { from: '2026-01-15', to: '2026-01-15' };
    const schema = bed.db.analyticsSchema;
    expect(await dailySales(bed.db.knex, schema, range)).toEqual([
      { merchantId, day: '2026-01-15', orders: 1, grossMinor: 1000, refundedMinor: 0 },
    ]);
    const products = await productSales(bed.db.knex, schema, range, merchantId);
    expect(products.map((row) => [row.sku, row.quantity, row.revenueMinor])).toEqual([
      ['bagel', 1, 300],
      ['latte', 2, 700],
    ]);
    expect(await orderFunnel(bed.db.knex, schema, range)).toEqual([
      {
        day: '2026-01-15',
        placed: 2,
        paid: 1,
        payment_failed: 1,
        completed: 0,
        cancelled: 0,
        rejected: 0,
        refunded: 0,
      },
    ]);
  });
});

describe('applying the same events again', () => {
  it('changes nothing, through the runner (checkpoint) or straight into the tables (upserts)', async () => {
    const before = await allRows();
    await applyAll();
    expect(await allRows()).toEqual(before);
    const events = await readEverything(bed.store, lastPosition);
    await bed.db.knex.transaction(async (trx) => {
      for (const projection of bed.projections) await projection.apply(trx, events, projection.tables);
    });
    expect(await allRows()).toEqual(before);
  });
});
