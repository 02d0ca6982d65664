import { randomUUID } from 'node:crypto';
import type { CommandHandler } from '../../../src/application/commands/handleCommand';
import { EventStoreUnavailableError } from '../../../src/application/eventStore/errors';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { allEvents, balanceOf, createHarness, type Harness, placeOrder, topUp, typesIn } from './harness';
import { processorFromHere, runProcessor, settled } from './processorRuns';

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
    const name = await processorFromHere(harness);
    const customerId = randomUUID();
    await topUp(harness, customerId, 1_000);
    const orders = [
      await placeOrder(harness, customerId, merchantId, 400),
      await placeOrder(harness, customerId, merchantId, 400),
      await placeOrder(harness, customerId, merchantId, 400),
    ];
    // Once the store shows all three, the processor's first read hands them over as one batch.
    await allEvents(harness);
    const checkpointBefore = await harness.checkpoints.load(name);
    const killed = runProcessor(harness, {
      name,
      beforeCheckpoint: () => {
        killed.controller.abort();
        return Promise.reject(new EventStoreUnavailableError('killed before the checkpoint'));
      },
    });
    await killed.done;
    expect(await harness.checkpoints.load(name)).toEqual(checkpointBefore);
    const afterKill = await typesIn(harness, walletStream(customerId));
    expect(afterKill).toEqual(['WalletToppedUp', 'WalletCharged', 'WalletCharged', 'WalletChargeDeclined']);

    // A top-up meanwhile: a replay that forgot the decline would now charge the third order.
    await topUp(harness, customerId, 5_000);
    const handled: string[] = [];
    const restarted = runProcessor(harness, { name, handled });
    await settled(harness, name);
    await restarted.stop();

    const placedIds = await Promise.all(
      orders.map(async (orderId) => (await harness.store.readStream(orderStream(orderId)))[0]?.id),
    );
    expect(handled).toEqual(expect.arrayContaining(placedIds));
    expect(await typesIn(harness, walletStream(customerId))).toEqual([...afterKill, 'WalletToppedUp']);
    expect(await balanceOf(harness, customerId)).toBe(1_000 - 800 + 5_000);
    expect(await typesIn(harness, orderStream(orders[2]!))).toEqual(['OrderPlaced', 'OrderPaymentFailed']);
    for (const orderId of orders.slice(0, 2)) {
      expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    }
  });

  it('records the payment once when killed between the wallet charge and the order’s record', async () => {
    const name = await processorFromHere(harness);
    const customerId = randomUUID();
    await topUp(harness, customerId, 1_000);
    const orderId = await placeOrder(harness, customerId, merchantId, 700);
    const controller = new AbortController();
    const commands = failingAround(
      harness.commands,
      (command) => command.type === 'ChargeForOrder',
      'after',
      () => controller.abort(),
    );
    await runProcessor(harness, { name, commands, controller }).done;
    expect(await typesIn(harness, walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced']);

    const restarted = runProcessor(harness, { name });
    await settled(harness, name);
    await restarted.stop();
    expect(await typesIn(harness, walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await balanceOf(harness, customerId)).toBe(300);
  });

  it('replays the batch in the same run when storing its checkpoint fails once', async () => {
    const name = await processorFromHere(harness);
    const customerId = randomUUID();
    await topUp(harness, customerId, 500);
    const orderId = await placeOrder(harness, customerId, merchantId, 500);
    let failures = 0;
    const handled: string[] = [];
    const running = runProcessor(harness, {
      name,
      handled,
      beforeCheckpoint: () =>
        failures++ === 0 ? Promise.reject(new Error('checkpoint table unreachable')) : Promise.resolve(),
    });
    await settled(harness, name);
    await running.stop();
    const [placed] = await harness.store.readStream(orderStream(orderId));
    expect(handled.filter((id) => id === placed?.id)).toHaveLength(2);
    expect(await typesIn(harness, walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('retries a store outage with back-off instead of skipping the event', async () => {
    const name = await processorFromHere(harness);
    const customerId = randomUUID();
    await topUp(harness, customerId, 500);
    const orderId = await placeOrder(harness, customerId, merchantId, 200);
    let outages = 0;
    const commands = failingAround(
      harness.commands,
      (command) => command.type === 'ChargeForOrder' && outages < 3,
      'before',
      () => (outages += 1),
    );
    const handled: string[] = [];
    const running = runProcessor(harness, { name, commands, handled });
    await settled(harness, name);
    await running.stop();
    expect(outages).toBe(3);
    expect(handled).toHaveLength(4);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await balanceOf(harness, customerId)).toBe(300);
  });

  it('skips an event the domain refuses and goes on with the next', async () => {
    const name = await processorFromHere(harness);
    const customerId = randomUUID();
    await topUp(harness, customerId, 500);
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
    const orderId = await placeOrder(harness, customerId, merchantId, 200);
    const running = runProcessor(harness, { name });
    await settled(harness, name);
    await running.stop();
    expect(await typesIn(harness, orderStream(malformedOrderId))).toEqual(['OrderPlaced']);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await balanceOf(harness, customerId)).toBe(300);
  });
});
