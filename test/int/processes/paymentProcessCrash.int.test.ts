import { randomUUID } from 'node:crypto';
import type { CommandHandler } from '../../../src/application/commands/handleCommand';
import { EventStoreUnavailableError } from '../../../src/application/eventStore/errors';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { createHarness, type Harness } from './support';

/** The real command handler, failing like a lost connection right after (or before) a chosen command. */
const failingAround = (
  commands: CommandHandler,
  shouldFail: (command: { type: string; data: unknown }) => boolean,
  when: 'before' | 'after',
  onFailure: () => void = () => undefined,
): CommandHandler => ({
  ...commands,
  handle: async (decider, streamName, command, context, options) => {
    const fail = shouldFail(command);
    if (fail && when === 'before') {
      onFailure();
      throw new EventStoreUnavailableError('connection lost before the append');
    }
    const result = await commands.handle(decider, streamName, command, context, options);
    if (fail && when === 'after') {
      onFailure();
      throw new EventStoreUnavailableError('connection lost after the append');
    }
    return result;
  },
});

describe('the payment process killed, restarted and failing (real Postgres store)', () => {
  let harness: Harness;
  const merchantId = randomUUID();

  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness.close());

  it('charges once when killed after appending a batch’s commands but before storing its checkpoint', async () => {
    const name = await harness.processorFromHere();
    const customerId = randomUUID();
    await harness.topUp(customerId, 1_000);
    const orders = [
      await harness.placeOrder(customerId, merchantId, 400),
      await harness.placeOrder(customerId, merchantId, 400),
      await harness.placeOrder(customerId, merchantId, 400),
    ];
    const checkpointBefore = await harness.checkpoints.load(name);
    const killed = harness.runProcessor({
      name,
      beforeCheckpoint: () => {
        killed.controller.abort();
        return Promise.reject(new EventStoreUnavailableError('killed before the checkpoint'));
      },
    });
    await killed.done;
    expect(await harness.checkpoints.load(name)).toEqual(checkpointBefore);
    const afterKill = await harness.typesIn(walletStream(customerId));
    expect(afterKill).toEqual(['WalletToppedUp', 'WalletCharged', 'WalletCharged', 'WalletChargeDeclined']);

    // A top-up meanwhile: a replay that forgot the decline would now charge the third order.
    await harness.topUp(customerId, 5_000);
    const handled: string[] = [];
    const restarted = harness.runProcessor({ name, handled });
    await harness.settled(name);
    await restarted.stop();

    const placedIds = await Promise.all(
      orders.map(async (orderId) => (await harness.store.readStream(orderStream(orderId)))[0]?.id),
    );
    expect(handled).toEqual(expect.arrayContaining(placedIds));
    expect(await harness.typesIn(walletStream(customerId))).toEqual([...afterKill, 'WalletToppedUp']);
    expect(await harness.balanceOf(customerId)).toBe(1_000 - 800 + 5_000);
    expect(await harness.typesIn(orderStream(orders[2]!))).toEqual(['OrderPlaced', 'OrderPaymentFailed']);
    for (const orderId of orders.slice(0, 2)) {
      expect(await harness.typesIn(orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    }
  });

  it('records the payment once when killed between the wallet charge and the order’s record', async () => {
    const name = await harness.processorFromHere();
    const customerId = randomUUID();
    await harness.topUp(customerId, 1_000);
    const orderId = await harness.placeOrder(customerId, merchantId, 700);
    const controller = new AbortController();
    const commands = failingAround(
      harness.commands,
      (command) => command.type === 'ChargeForOrder',
      'after',
      () => controller.abort(),
    );
    await harness.runProcessor({ name, commands, controller }).done;
    expect(await harness.typesIn(walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await harness.typesIn(orderStream(orderId))).toEqual(['OrderPlaced']);

    const restarted = harness.runProcessor({ name });
    await harness.settled(name);
    await restarted.stop();
    expect(await harness.typesIn(walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await harness.typesIn(orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await harness.balanceOf(customerId)).toBe(300);
  });

  it('replays the batch in the same run when storing its checkpoint fails once', async () => {
    const name = await harness.processorFromHere();
    const customerId = randomUUID();
    await harness.topUp(customerId, 500);
    const orderId = await harness.placeOrder(customerId, merchantId, 500);
    let failures = 0;
    const handled: string[] = [];
    const running = harness.runProcessor({
      name,
      handled,
      beforeCheckpoint: () =>
        failures++ === 0 ? Promise.reject(new Error('checkpoint table unreachable')) : Promise.resolve(),
    });
    await harness.settled(name);
    await running.stop();
    const [placed] = await harness.store.readStream(orderStream(orderId));
    expect(handled.filter((id) => id === placed?.id)).toHaveLength(2);
    expect(await harness.typesIn(walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await harness.typesIn(orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('retries a store outage with back-off instead of skipping the event', async () => {
    const name = await harness.processorFromHere();
    const customerId = randomUUID();
    await harness.topUp(customerId, 500);
    const orderId = await harness.placeOrder(customerId, merchantId, 200);
    let outages = 0;
    const commands = failingAround(
      harness.commands,
      (command) => command.type === 'ChargeForOrder' && outages < 3,
      'before',
      () => (outages += 1),
    );
    const handled: string[] = [];
    const running = harness.runProcessor({ name, commands, handled });
    await harness.settled(name);
    await running.stop();
    expect(outages).toBe(3);
    expect(handled).toHaveLength(4);
    expect(await harness.typesIn(orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await harness.balanceOf(customerId)).toBe(300);
  });

  it('skips an event the domain refuses and goes on with the next', async () => {
    const name = await harness.processorFromHere();
    const customerId = randomUUID();
    await harness.topUp(customerId, 500);
    // Written around the order decider, which would never place it: a charge of 0 is refused.
    const malformedOrderId = randomUUID();
    await harness.store.appendToStream(orderStream(malformedOrderId), [
      {
        id: randomUUID(),
        type: 'OrderPlaced',
        data: {
          orderId: malformedOrderId,
          customerId,
          merchantId,
          items: [],
          totalMinor: 0,
          currency: 'EUR',
        },
      },
    ]);
    const orderId = await harness.placeOrder(customerId, merchantId, 200);
    const running = harness.runProcessor({ name });
    await harness.settled(name);
    await running.stop();
    expect(await harness.typesIn(orderStream(malformedOrderId))).toEqual(['OrderPlaced']);
    expect(await harness.typesIn(orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await harness.balanceOf(customerId)).toBe(300);
  });
});
