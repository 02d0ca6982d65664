import { createLogger } from '../../../src/infrastructure/logging/logger';
import { type RunningProcess, startProcess } from '../../../src/infrastructure/main';
import { PAYMENT_PROCESS_NAME } from '../../../src/infrastructure/roles/processorRole';
import { registerUser, type Session, startTestApp, type TestApp } from '../../support/testApp';
import {
  allEventIds,
  balanceOf,
  listProduct,
  orderEvents,
  orderReaches,
  orderStatusOf,
  placeOrder,
  post,
  processorSettled,
  topUp,
  typesOf,
  walletEvents,
  SMALL_POOL,
} from './support';

const ESPRESSO = [{ sku: 'espresso', quantity: 1 }];
const PRICE = 300;

/** The commands role serves HTTP; the processor runs as a process of its own, started and stopped at will. */
describe('the payment process started, stopped and replayed beside the commands role', () => {
  let app: TestApp;
  let processor: Promise<RunningProcess> | undefined;
  let merchant: Session;

  const startProcessor = async () => {
    processor ??= startProcess(app.config, createLogger('silent'), ['processor']);
    await processor;
  };
  const stopProcessor = async () => {
    const running = processor;
    processor = undefined;
    await (await running)?.stop();
  };

  beforeAll(async () => {
    app = await startTestApp(['commands'], SMALL_POOL);
    merchant = await registerUser(app, 'merchant');
    await listProduct(app, merchant, 'espresso', PRICE);
  });
  afterAll(async () => {
    await stopProcessor();
    await app.stop();
  });

  it('gives the money back when the customer cancels before the charge lands (no net charge)', async () => {
    const customer = await registerUser(app, 'customer');
    await topUp(app, customer, 1_000);
    const orderId = await placeOrder(app, customer, merchant, ESPRESSO);
    await post(app, customer, `/v1/orders/${orderId}/cancel`);
    expect(processor).toBeUndefined();
    await startProcessor();
    await processorSettled(app);
    // The charge still lands (the wallet cannot know the order is cancelled); the refund follows it.
    expect(typesOf(await walletEvents(app, customer.userId))).toEqual([
      'WalletToppedUp',
      'WalletCharged',
      'WalletRefunded',
    ]);
    expect(typesOf(await orderEvents(app, orderId))).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(await orderStatusOf(app, orderId)).toBe('cancelled');
    expect(await balanceOf(app, customer.userId)).toBe(1_000);
  });

  it('leaves no net charge whichever of cancel and charge wins while the processor runs', async () => {
    const customer = await registerUser(app, 'customer');
    await topUp(app, customer, 10 * PRICE);
    await startProcessor();
    const orderIds = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const orderId = await placeOrder(app, customer, merchant, ESPRESSO);
        await post(app, customer, `/v1/orders/${orderId}/cancel`);
        return orderId;
      }),
    );
    await processorSettled(app);
    for (const orderId of orderIds) {
      expect(['cancelled', 'refunded']).toContain(await orderStatusOf(app, orderId));
      const wallet = (await walletEvents(app, customer.userId)).filter((e) => e.data.orderId === orderId);
      expect(typesOf(wallet)).toEqual(['WalletCharged', 'WalletRefunded']);
    }
    expect(await balanceOf(app, customer.userId)).toBe(10 * PRICE);
  });

  it('changes nothing when replayed from position zero', async () => {
    const customer = await registerUser(app, 'customer');
    await topUp(app, customer, 2 * PRICE);
    await startProcessor();
    const completed = await placeOrder(app, customer, merchant, ESPRESSO);
    await orderReaches(app, completed, 'OrderPaid');
    for (const step of ['accept', 'ready', 'complete']) {
      await post(app, merchant, `/v1/orders/${completed}/${step}`);
    }
    const refunded = await placeOrder(app, customer, merchant, ESPRESSO);
    await orderReaches(app, refunded, 'OrderPaid');
    await post(app, merchant, `/v1/orders/${refunded}/reject`, { reason: 'closing early' });
    const declined = await placeOrder(app, customer, merchant, [{ sku: 'espresso', quantity: 9 }]);
    await processorSettled(app);
    expect(await orderStatusOf(app, declined)).toBe('payment_failed');
    const before = {
      ids: await allEventIds(app),
      customer: await balanceOf(app, customer.userId),
      merchant: await balanceOf(app, merchant.userId),
    };
    expect([before.customer, before.merchant]).toEqual([PRICE, PRICE]);

    await stopProcessor();
    await app.database.pool.query('delete from subscription_checkpoints where name = $1', [
      PAYMENT_PROCESS_NAME,
    ]);
    await startProcessor();
    await processorSettled(app);

    expect(await allEventIds(app)).toEqual(before.ids);
    expect(await balanceOf(app, customer.userId)).toBe(before.customer);
    expect(await balanceOf(app, merchant.userId)).toBe(before.merchant);
  });
});
