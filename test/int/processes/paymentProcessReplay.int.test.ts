import { randomUUID } from 'node:crypto';
import { createPaymentProcess } from '../../../src/application/processes/paymentProcess';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import {
  allEvents,
  NOW,
  balanceOf,
  createHarness,
  type Harness,
  onOrder,
  placeOrder,
  reaches,
  topUp,
  typesIn,
} from './harness';
import { processorFromHere, runProcessor, settled } from './processorRuns';

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
  ) => onOrder(harness, { type, data: { orderId, actorId, now: NOW } });

  it('changes nothing when every event from position zero is handled again, even after later top-ups', async () => {
    const [customerId, poorCustomerId, merchantId] = [randomUUID(), randomUUID(), randomUUID()];
    await topUp(harness, customerId, 3_000);
    await topUp(harness, poorCustomerId, 100);
    const name = await processorFromHere(harness);
    const running = runProcessor(harness, { name });

    const completed = await placeOrder(harness, customerId, merchantId, 1_000);
    const cancelled = await placeOrder(harness, customerId, merchantId, 700);
    const rejected = await placeOrder(harness, customerId, merchantId, 500);
    const declined = await placeOrder(harness, poorCustomerId, merchantId, 400);
    for (const orderId of [completed, cancelled, rejected])
      await reaches(harness, orderStream(orderId), 'OrderPaid');
    for (const step of ['AcceptOrder', 'MarkOrderReady', 'CompleteOrder'] as const) {
      await lifecycle(step, completed, merchantId);
    }
    await onOrder(harness, {
      type: 'CancelOrder',
      data: { orderId: cancelled, actorId: customerId, now: NOW },
    });
    await onOrder(harness, {
      type: 'RejectOrder',
      data: { orderId: rejected, actorId: merchantId, reason: 'closed', now: NOW },
    });
    await settled(harness, name);
    await running.stop();
    // A decline is a recorded decision: the replay must not charge the order now that the money is there.
    await topUp(harness, poorCustomerId, 10_000);
    const before = {
      events: (await allEvents(harness)).map((event) => event.id),
      balances: [
        await balanceOf(harness, customerId),
        await balanceOf(harness, poorCustomerId),
        await balanceOf(harness, merchantId),
      ],
    };
    expect(before.balances).toEqual([2_000, 10_100, 1_000]);
    expect(await typesIn(harness, orderStream(declined))).toEqual(['OrderPlaced', 'OrderPaymentFailed']);

    const replay = createPaymentProcess(harness.commands, { platformFeeBasisPoints: 0 });
    for (const event of await allEvents(harness)) await replay.handle(event);

    expect((await allEvents(harness)).map((event) => event.id)).toEqual(before.events);
    expect([
      await balanceOf(harness, customerId),
      await balanceOf(harness, poorCustomerId),
      await balanceOf(harness, merchantId),
    ]).toEqual(before.balances);
  });

  it('charges each order once when two processors handle the same events at the same time', async () => {
    const merchantId = randomUUID();
    const customers = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const customerId of customers) await topUp(harness, customerId, 900);
    const names = [await processorFromHere(harness), await processorFromHere(harness)];
    const orders = new Map<string, string[]>();
    for (const customerId of customers) {
      orders.set(customerId, [
        await placeOrder(harness, customerId, merchantId, 400),
        await placeOrder(harness, customerId, merchantId, 400),
        await placeOrder(harness, customerId, merchantId, 400),
      ]);
    }
    const processors = names.map((name) => runProcessor(harness, { name }));
    for (const name of names) await settled(harness, name);
    await Promise.all(processors.map((processor) => processor.stop()));

    for (const [customerId, orderIds] of orders) {
      const wallet = await harness.store.readStream(walletStream(customerId));
      const charged = wallet
        .filter((event) => event.type === 'WalletCharged')
        .map((event) => event.data.orderId);
      const declined = wallet.filter((event) => event.type === 'WalletChargeDeclined');
      expect([charged.length, declined.length, new Set(charged).size]).toEqual([2, 1, 2]);
      expect(await balanceOf(harness, customerId)).toBe(100);
      for (const orderId of orderIds) {
        const outcome = (await typesIn(harness, orderStream(orderId))).slice(1);
        expect(outcome).toEqual([charged.includes(orderId) ? 'OrderPaid' : 'OrderPaymentFailed']);
      }
    }
  });
});
