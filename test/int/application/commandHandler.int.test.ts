import { randomUUID } from 'node:crypto';
import { computeEventHash } from '../../../src/application/audit/hashChain';
import {
  createCommandHandler,
  PreconditionFailedError,
} from '../../../src/application/commands/handleCommand';
import type { EventStore } from '../../../src/application/eventStore/eventStore';
import { orderDecider } from '../../../src/domain/ordering/decide';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletDecider } from '../../../src/domain/wallet/decide';
import { walletBalance } from '../../../src/domain/wallet/state';
import { walletStream } from '../../../src/domain/wallet/streams';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const now = '2026-11-24T12:00:00.000Z';

/** The store's methods bound to it, so a test can wrap one of them around the real store. */
const bindStore = (store: EventStore): EventStore => ({
  appendToStream: (...args) => store.appendToStream(...args),
  readStream: (...args) => store.readStream(...args),
  readAll: (...args) => store.readAll(...args),
  subscribeToAll: (...args) => store.subscribeToAll(...args),
  headPosition: () => store.headPosition(),
  heldBack: (...args) => store.heldBack(...args),
  close: () => store.close(),
});
const context = { correlationId: 'corr-1', userId: 'tester' };

describe('the command handler on the real Postgres store', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let handler: ReturnType<typeof createCommandHandler>;

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 30 });
    store = new PostgresEventStore(database.pool);
    handler = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 200 });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const topUp = (userId: string, amountMinor: number, externalReference: string = randomUUID()) =>
    handler.handle(
      walletDecider,
      walletStream(userId),
      { type: 'TopUp', data: { userId, amountMinor, currency: 'EUR', externalReference, now } },
      context,
    );

  it('appends with metadata and a per-stream hash chain', async () => {
    const userId = randomUUID();
    await topUp(userId, 500);
    await topUp(userId, 700);
    const events = await store.readStream(walletStream(userId));
    expect(events.map((event) => event.metadata.correlationId)).toEqual(['corr-1', 'corr-1']);
    expect(events[0]!.metadata.prevHash).toBe('');
    expect(events[1]!.metadata.prevHash).toBe(events[0]!.metadata.hash);
    for (const event of events) {
      const { hash, ...metadata } = event.metadata;
      expect(
        computeEventHash(String(metadata.prevHash), { type: event.type, data: event.data, metadata }),
      ).toBe(hash);
    }
  });

  it('lets exactly the affordable charges through when 50 race for a wallet that can pay 10', async () => {
    const userId = randomUUID();
    await topUp(userId, 1_000);
    const charges = Array.from({ length: 50 }, () =>
      handler.handle(
        walletDecider,
        walletStream(userId),
        { type: 'ChargeForOrder', data: { userId, orderId: randomUUID(), amountMinor: 100, now } },
        context,
      ),
    );
    const results = await Promise.all(charges);
    const types = results.flatMap((result) => result.events.map((event) => event.type));
    expect(types.filter((type) => type === 'WalletCharged')).toHaveLength(10);
    expect(types.filter((type) => type === 'WalletChargeDeclined')).toHaveLength(40);
    const stream = await store.readStream(walletStream(userId));
    expect(stream.map((event) => event.revision)).toEqual(stream.map((_, index) => BigInt(index)));
    const balance = stream.reduce(
      (sum, event) =>
        sum +
        (event.type === 'WalletToppedUp' ? Number(event.data.amountMinor) : 0) -
        (event.type === 'WalletCharged' ? Number(event.data.amountMinor) : 0),
      0,
    );
    expect(balance).toBe(0);
  });

  it('answers a stale If-Match with a precondition failure and appends nothing', async () => {
    const userId = randomUUID();
    await topUp(userId, 100);
    await topUp(userId, 100);
    const stale = handler.handle(
      walletDecider,
      walletStream(userId),
      { type: 'TopUp', data: { userId, amountMinor: 5, currency: 'EUR', externalReference: 'late', now } },
      context,
      { expectedRevision: 0n },
    );
    await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await store.readStream(walletStream(userId))).toHaveLength(2);
  });

  it('appends nothing for an idempotent command', async () => {
    const userId = randomUUID();
    await topUp(userId, 300, 'ref-1');
    const again = await topUp(userId, 300, 'ref-1');
    expect(again.events).toEqual([]);
    expect(again.revision).toBe(0n);
    expect(await store.readStream(walletStream(userId))).toHaveLength(1);
  });

  describe('with newStream (the caller expects the stream not to exist)', () => {
    const topUpAsNew = (userId: string, amountMinor: number, externalReference: string) =>
      handler.handle(
        walletDecider,
        walletStream(userId),
        { type: 'TopUp', data: { userId, amountMinor, currency: 'EUR', externalReference, now } },
        context,
        { newStream: true },
      );

    it('creates the stream like the usual way does', async () => {
      const userId = randomUUID();
      const created = await topUpAsNew(userId, 400, 'first');
      expect(created.revision).toBe(0n);
      expect(created.state.balanceMinor).toBe(400);
      const [event] = await store.readStream(walletStream(userId));
      expect(event?.metadata.prevHash).toBe('');
      expect(event?.metadata.hash).toBe(created.lastHash);
    });

    it('falls back to reading a stream that exists: the chain and the state go on from it', async () => {
      const userId = randomUUID();
      const first = await topUp(userId, 100, 'ref-a');
      const second = await topUpAsNew(userId, 200, 'ref-b');
      expect(second.revision).toBe(1n);
      expect(second.state.balanceMinor).toBe(300);
      const events = await store.readStream(walletStream(userId));
      expect(events.map((event) => event.metadata.prevHash)).toEqual(['', first.lastHash]);
    });

    it('answers a retry on an existing stream as the usual way does: nothing appended', async () => {
      const userId = randomUUID();
      await topUp(userId, 300, 'ref-1');
      const again = await topUpAsNew(userId, 300, 'ref-1');
      expect(again.events).toEqual([]);
      expect(again.revision).toBe(0n);
      expect(await store.readStream(walletStream(userId))).toHaveLength(1);
    });
  });

  describe('with the stream states it keeps', () => {
    const topUpWith = (using: ReturnType<typeof createCommandHandler>, userId: string, amountMinor: number) =>
      using.handle(
        walletDecider,
        walletStream(userId),
        {
          type: 'TopUp',
          data: { userId, amountMinor, currency: 'EUR', externalReference: randomUUID(), now },
        },
        context,
      );

    const recordingReads = () => {
      const fromRevisions: (bigint | undefined)[] = [];
      const recordingStore: EventStore = {
        ...bindStore(store),
        readStream: (name, options) => {
          fromRevisions.push(options?.fromRevision);
          return store.readStream(name, options);
        },
      };
      const keeping = createCommandHandler({
        store: recordingStore,
        ids: { newId: randomUUID },
        conflictRetries: 3,
      });
      return { keeping, fromRevisions };
    };

    it('appends on the state it keeps without reading the stream again', async () => {
      const { keeping, fromRevisions } = recordingReads();
      const userId = randomUUID();
      for (const amount of [100, 200, 300]) await topUpWith(keeping, userId, amount);
      expect(fromRevisions).toEqual([undefined]);
      const events = await store.readStream(walletStream(userId));
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      expect(events[2]!.metadata.prevHash).toBe(events[1]!.metadata.hash);
    });

    it('reads only the events after the revision it keeps once that state proves stale', async () => {
      const { keeping, fromRevisions } = recordingReads();
      const userId = randomUUID();
      await topUpWith(keeping, userId, 100);
      await topUpWith(handler, userId, 200); // another process
      const result = await topUpWith(keeping, userId, 300);
      expect(fromRevisions).toEqual([undefined, 1n]);
      expect(walletBalance(result.state)).toBe(600);
    });

    it('answers a no-op from the stream as it is now, not from the state it keeps', async () => {
      const { keeping } = recordingReads();
      const userId = randomUUID();
      await topUp(userId, 100, 'seen');
      const seenAgain = () =>
        keeping.handle(
          walletDecider,
          walletStream(userId),
          {
            type: 'TopUp',
            data: { userId, amountMinor: 100, currency: 'EUR', externalReference: 'seen', now },
          },
          context,
        );
      expect((await seenAgain()).revision).toBe(0n);
      await topUp(userId, 250); // another process
      const again = await seenAgain();
      expect(again.events).toEqual([]);
      expect(again.revision).toBe(1n);
      expect(walletBalance(again.state)).toBe(350);
    });

    it('decides on the stream as it is now when the state it keeps would refuse the command', async () => {
      const keeping = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 3 });
      const [orderId, customerId, merchantId] = [randomUUID(), randomUUID(), randomUUID()];
      const line = { sku: 'tea', name: 'Tea', quantity: 1, unitPriceMinor: 200, lineTotalMinor: 200 };
      const order = (using: typeof keeping, command: Parameters<typeof orderDecider.decide>[0]) =>
        using.handle(orderDecider, orderStream(orderId), command, context);
      await order(keeping, {
        type: 'PlaceOrder',
        data: { orderId, customerId, merchantId, items: [line], currency: 'EUR', now },
      });
      // The payment process, in another process: `keeping` still holds the order as placed, not yet paid.
      await order(handler, { type: 'RecordPayment', data: { orderId, amountMinor: 200, now } });
      const accepted = await order(keeping, {
        type: 'AcceptOrder',
        data: { orderId, actorId: merchantId, now },
      });
      expect(accepted.events.map((event) => event.type)).toEqual(['OrderAccepted']);
      expect(accepted.revision).toBe(2n);
    });

    it('sees what another process appended after the state it keeps', async () => {
      const first = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 3 });
      const second = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 3 });
      const userId = randomUUID();
      await topUpWith(first, userId, 500);
      await topUpWith(second, userId, 700);
      const result = await topUpWith(first, userId, 100);
      expect(walletBalance(result.state)).toBe(1_300);
      expect(result.revision).toBe(2n);
      const events = await store.readStream(walletStream(userId));
      expect(events[2]!.metadata.prevHash).toBe(events[1]!.metadata.hash);
    });

    it('recovers from a state made stale between its read and its append', async () => {
      const keeping = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 3 });
      const userId = randomUUID();
      await topUpWith(keeping, userId, 500);
      await topUpWith(handler, userId, 50); // another process, unseen by `keeping`
      const results = await Promise.all([topUpWith(keeping, userId, 1), topUpWith(keeping, userId, 2)]);
      expect(results.map((result) => result.revision).sort()).toEqual([2n, 3n]);
      expect(Math.max(...results.map((result) => walletBalance(result.state)))).toBe(553);
    });
  });
});
