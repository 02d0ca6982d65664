import { randomUUID } from 'node:crypto';
import { createPaymentProcess } from '../../../src/application/processes/paymentProcess';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { createHarness, type Harness } from './support';

describe('the payment process replayed and run twice at once (real Postgres store)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness.close());

  const lifecycle = (
    type: 'AcceptOrder' | 'MarkOrderReady' | 'CompleteOrder',
    orderId: string,
    actorId: string,
  ) => harness.onOrder({ type, data: { orderId, actorId, now: harness.now } });

  it('changes nothing when every event from position zero is handled again, even after later top-ups', async () => {
    const [customerId, poorCustomerId, merchantId] = [randomUUID(), randomUUID(), randomUUID()];
    await harness.topUp(customerId, 3_000);
    await harness.topUp(poorCustomerId, 100);
    const name = await harness.processorFromHere();
    const running = harness.runProcessor({ name });

    const completed = await harness.placeOrder(customerId, merchantId, 1_000);
    const cancelled = await harness.placeOrder(customerId, merchantId, 700);
    const rejected = await harness.placeOrder(customerId, merchantId, 500);
    const declined = await harness.placeOrder(poorCustomerId, merchantId, 400);
    for (const orderId of [completed, cancelled, rejected])
      await harness.reaches(orderStream(orderId), 'OrderPaid');
    for (const step of ['AcceptOrder', 'MarkOrderReady', 'CompleteOrder'] as const) {
      await lifecycle(step, completed, merchantId);
    }
    await harness.onOrder({
      type: 'CancelOrder',
      data: { orderId: cancelled, actorId: customerId, now: harness.now },
    });
    await harness.onOrder({
      type: 'RejectOrder',
      data: { orderId: rejected, actorId: merchantId, reason: 'closed', now: harness.now },
    });
    await harness.settled(name);
    await running.stop();
    // A decline is a recorded decision: the replay must not charge the order now that the money is there.
    await harness.topUp(poorCustomerId, 10_000);
    const before = {
      events: (await harness.store.readAll()).map((event) => event.id),
      balances: [
        await harness.balanceOf(customerId),
        await harness.balanceOf(poorCustomerId),
        await harness.balanceOf(merchantId),
      ],
    };
    expect(before.balances).toEqual([2_000, 10_100, 1_000]);
    expect(await harness.typesIn(orderStream(declined))).toEqual(['OrderPlaced', 'OrderPaymentFailed']);

    const replay = createPaymentProcess(harness.commands, { platformFeeBasisPoints: 0 });
    for (const event of await harness.store.readAll()) await replay.handle(event);

    expect((await harness.store.readAll()).map((event) => event.id)).toEqual(before.events);
    expect([
      await harness.balanceOf(customerId),
      await harness.balanceOf(poorCustomerId),
      await harness.balanceOf(merchantId),
    ]).toEqual(before.balances);
  });

  it('charges each order once when two processors handle the same events at the same time', async () => {
    const merchantId = randomUUID();
    const customers = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const customerId of customers) await harness.topUp(customerId, 900);
    const names = [await harness.processorFromHere(), await harness.processorFromHere()];
    const orders = new Map<string, string[]>();
    for (const customerId of customers) {
      orders.set(customerId, [
        await harness.placeOrder(customerId, merchantId, 400),
        await harness.placeOrder(customerId, merchantId, 400),
        await harness.placeOrder(customerId, merchantId, 400),
      ]);
    }
    const processors = names.map((name) => harness.runProcessor({ name }));
    for (const name of names) await harness.settled(name);
    await Promise.all(processors.map((processor) => processor.stop()));

    for (const [customerId, orderIds] of orders) {
      const wallet = await harness.store.readStream(walletStream(customerId));
      const charged = wallet
        .filter((event) => event.type === 'WalletCharged')
        .map((event) => event.data.orderId);
      const declined = wallet.filter((event) => event.type === 'WalletChargeDeclined');
      expect([charged.length, declined.length, new Set(charged).size]).toEqual([2, 1, 2]);
      expect(await harness.balanceOf(customerId)).toBe(100);
      for (const orderId of orderIds) {
        const outcome = (await harness.typesIn(orderStream(orderId))).slice(1);
        expect(outcome).toEqual([charged.includes(orderId) ? 'OrderPaid' : 'OrderPaymentFailed']);
      }
    }
  });
});
