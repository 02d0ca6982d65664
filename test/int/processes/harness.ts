import { randomUUID } from 'node:crypto';
import { type CommandHandler, createCommandHandler } from '../../../src/application/commands/handleCommand';
import { StreamNotFoundError } from '../../../src/application/eventStore/errors';
import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import type { CheckpointStore } from '../../../src/application/ports';
import type { OrderCommand } from '../../../src/domain/ordering/commands';
import { orderDecider } from '../../../src/domain/ordering/decide';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletDecider } from '../../../src/domain/wallet/decide';
import type { WalletEvent } from '../../../src/domain/wallet/events';
import { foldWallet, walletBalance } from '../../../src/domain/wallet/state';
import { walletStream } from '../../../src/domain/wallet/streams';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createCheckpointStore } from '../../../src/infrastructure/subscriptions/checkpointStore';
import { createTestDatabase, type TestDatabase } from '../../support/database';

export const NOW = '2026-11-25T09:00:00.000Z';
const context = { correlationId: 'payment-process-test', userId: 'tester' };

export type Harness = Readonly<{
  database: TestDatabase;
  store: PostgresEventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  close: () => Promise<void>;
}>;

/** The real store, command handler and checkpoint table, in a schema of their own. */
export const createHarness = async (): Promise<Harness> => {
  const database = await createTestDatabase({ poolSize: 6 });
  const store = new PostgresEventStore(database.pool);
  return {
    database,
    store,
    commands: createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 100 }),
    checkpoints: createCheckpointStore(database.knex),
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
};

/** Bounded poll: a limit on waiting (other runs' open transactions hold the xmin gate), not a speed test. */
export const pollUntil = async (what: string, done: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/**
 * Every event in the store, once the store's gated reads show all that the table holds: other sessions'
 * open transactions on the shared cluster can hold the xmin gate back for a while.
 */
export const allEvents = async (harness: Harness): Promise<RecordedEvent[]> => {
  let events: RecordedEvent[] = [];
  await pollUntil('the store to show every committed event', async () => {
    const { rows } = await harness.database.pool.query<{ count: string }>('select count(*) from events');
    events = await harness.store.readAll();
    return events.length === Number(rows[0]?.count);
  });
  return events;
};

export const topUp = ({ commands }: Harness, userId: string, amountMinor: number) =>
  commands.handle(
    walletDecider,
    walletStream(userId),
    {
      type: 'TopUp',
      data: { userId, amountMinor, currency: 'EUR', externalReference: randomUUID(), now: NOW },
    },
    context,
  );

export const onOrder = ({ commands }: Harness, command: OrderCommand) =>
  commands.handle(orderDecider, orderStream(command.data.orderId), command, context);

/** An order of one line at the given price, placed through the order decider. */
export const placeOrder = async (
  harness: Harness,
  customerId: string,
  merchantId: string,
  priceMinor: number,
) => {
  const orderId = randomUUID();
  const line = {
    sku: 'meal',
    name: 'Meal',
    quantity: 1,
    unitPriceMinor: priceMinor,
    lineTotalMinor: priceMinor,
  };
  const data = { orderId, customerId, merchantId, items: [line], currency: 'EUR', now: NOW };
  await onOrder(harness, { type: 'PlaceOrder', data });
  return orderId;
};

export const streamOf = ({ store }: Harness, streamName: string): Promise<RecordedEvent[]> =>
  store.readStream(streamName).catch((error: unknown) => {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  });

export const typesIn = async (harness: Harness, streamName: string) =>
  (await streamOf(harness, streamName)).map((event) => event.type);

export const reaches = (harness: Harness, streamName: string, type: string) =>
  pollUntil(`${type} in ${streamName}`, async () => (await typesIn(harness, streamName)).includes(type));

/** The balance as the wallet's own state folds it from the store. */
export const balanceOf = async (harness: Harness, userId: string) =>
  walletBalance(foldWallet((await streamOf(harness, walletStream(userId))) as unknown as WalletEvent[]));
