import { createServer } from 'node:net';
import { EventStoreUnavailableError } from '../../../src/application/eventStore/errors';
import { EsdbEventStore } from '../../../src/infrastructure/eventstore/esdb/esdbEventStore';

/** A local port nobody listens on: the real client gets a real gRPC UNAVAILABLE (code 14), no server needed. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new TypeError('no TCP address');
  return address.port;
};

describe('EsdbEventStore when EventStoreDB cannot be reached', () => {
  let store: EsdbEventStore;

  beforeAll(async () => {
    store = EsdbEventStore.fromConnectionString(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
  });

  afterAll(() => store.close());

  const event = { id: '5f1d0c3e-8a8e-4f7b-a3a4-1f0e2d3c4b5a', type: 'Probed', data: {} };

  it('fails an append with EventStoreUnavailableError', async () => {
    await expect(store.appendToStream('probe-1', [event], { expectedRevision: 'no_stream' })).rejects.toThrow(
      EventStoreUnavailableError,
    );
  });

  it('fails reads with EventStoreUnavailableError', async () => {
    await expect(store.readStream('probe-1')).rejects.toThrow(EventStoreUnavailableError);
    await expect(store.readAll({ maxCount: 10 })).rejects.toThrow(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toThrow(EventStoreUnavailableError);
  });

  it('ends a subscription with EventStoreUnavailableError', async () => {
    const iterator = store.subscribeToAll({ maxBatchSize: 10 })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'EVENT_STORE.UNAVAILABLE',
    });
  });

  it('returns at once from a subscription whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const batches: unknown[] = [];
    for await (const batch of store.subscribeToAll({ signal: controller.signal })) batches.push(batch);
    expect(batches).toEqual([]);
  });
});
