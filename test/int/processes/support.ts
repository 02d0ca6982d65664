import { randomUUID } from 'node:crypto';
import { type CommandHandler, createCommandHandler } from '../../../src/application/commands/handleCommand';
import { StreamNotFoundError } from '../../../src/application/eventStore/errors';
import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { comparePositions, type Position } from '../../../src/application/eventStore/position';
import type { AppLogger } from '../../../src/application/ports';
import {
  createPaymentProcess,
  paymentProcessEventTypes,
} from '../../../src/application/processes/paymentProcess';
import {
  type CheckpointedSubscriptionOptions,
  runCheckpointedSubscription,
} from '../../../src/application/subscriptions/checkpointedSubscription';
import { orderDecider } from '../../../src/domain/ordering/decide';
import type { OrderCommand } from '../../../src/domain/ordering/commands';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletDecider } from '../../../src/domain/wallet/decide';
import type { WalletEvent } from '../../../src/domain/wallet/events';
import { foldWallet, walletBalance } from '../../../src/domain/wallet/state';
import { walletStream } from '../../../src/domain/wallet/streams';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createCheckpointStore } from '../../../src/infrastructure/subscriptions/checkpointStore';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const now = '2026-11-25T09:00:00.000Z';
const context = { correlationId: 'payment-process-test', userId: 'tester' };
const quietLogger: AppLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type Harness = Awaited<ReturnType<typeof createHarness>>;
type RunOptions = Partial<Pick<CheckpointedSubscriptionOptions, 'beforeCheckpoint' | 'name'>> & {
  commands?: CommandHandler;
  controller?: AbortController;
  /** Ids of the events handed to the process, one entry per attempt. */
  handled?: string[];
};

/** The real store, command handler and checkpoint table in a schema of their own; the process run directly. */
export const createHarness = async () => {
  const database: TestDatabase = await createTestDatabase({ poolSize: 20 });
  const store = new PostgresEventStore(database.pool);
  const commands = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 100 });
  const checkpoints = createCheckpointStore(database.knex);

  /** Starts a processor; `stop` aborts it, `done` settles when its loop has returned. */
  const runProcessor = (options: RunOptions = {}) => {
    const controller = options.controller ?? new AbortController();
    const process = createPaymentProcess(options.commands ?? commands, { platformFeeBasisPoints: 0 });
    const done = runCheckpointedSubscription({
      name: options.name ?? 'payment-process',
      store,
      checkpoints,
      filter: { eventTypes: process.eventTypes },
      handle: async (event) => {
        options.handled?.push(event.id);
        await process.handle(event);
      },
      logger: quietLogger,
      signal: controller.signal,
      beforeCheckpoint: options.beforeCheckpoint,
      maxBackoffMs: 100,
    });
    const stop = async () => {
      controller.abort();
      await done;
    };
    return { controller, done, stop };
  };

  /** A processor name whose checkpoint is the current head, so it sees only what happens from now on. */
  const processorFromHere = async (): Promise<string> => {
    const name = `payment-process-${randomUUID()}`;
    const head = await store.headPosition();
    if (head !== undefined) await checkpoints.save(name, head);
    return name;
  };

  const lastTrigger = async (): Promise<Position | undefined> =>
    (
      await store.readAll({
        direction: 'backwards',
        maxCount: 1,
        filter: { eventTypes: paymentProcessEventTypes },
      })
    )[0]?.position;

  /** Waits (bounded) until the named checkpoint covers every trigger in the store. */
  const settled = async (name = 'payment-process', timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [checkpoint, last] = [await checkpoints.load(name), await lastTrigger()];
      if (checkpoint !== undefined && last !== undefined && comparePositions(checkpoint, last) >= 0) return;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${name} to checkpoint the last trigger`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const topUp = (userId: string, amountMinor: number) =>
    commands.handle(
      walletDecider,
      walletStream(userId),
      { type: 'TopUp', data: { userId, amountMinor, currency: 'EUR', externalReference: randomUUID(), now } },
      context,
    );

  const onOrder = (command: OrderCommand) =>
    commands.handle(orderDecider, orderStream(command.data.orderId), command, context);

  const placeOrder = async (customerId: string, merchantId: string, priceMinor: number): Promise<string> => {
    const orderId = randomUUID();
    const line = {
      sku: 'meal',
      name: 'Meal',
      quantity: 1,
      unitPriceMinor: priceMinor,
      lineTotalMinor: priceMinor,
    };
    await onOrder({
      type: 'PlaceOrder',
      data: { orderId, customerId, merchantId, items: [line], currency: 'EUR', now },
    });
    return orderId;
  };

  const streamOf = async (streamName: string): Promise<RecordedEvent[]> =>
    store.readStream(streamName).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });

  const typesIn = async (streamName: string) => (await streamOf(streamName)).map((event) => event.type);

  /** Bounded poll until the stream holds an event of the type. */
  const reaches = async (streamName: string, type: string, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await typesIn(streamName)).includes(type)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${type} in ${streamName}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const balanceOf = async (userId: string) =>
    walletBalance(foldWallet((await streamOf(walletStream(userId))) as unknown as WalletEvent[]));

  const eventCount = async () => (await store.readAll()).length;

  const close = async () => {
    await store.close();
    await database.drop();
  };

  return {
    database,
    store,
    commands,
    checkpoints,
    runProcessor,
    processorFromHere,
    settled,
    lastTrigger,
    topUp,
    onOrder,
    placeOrder,
    typesIn,
    reaches,
    balanceOf,
    eventCount,
    close,
    now,
  };
};
