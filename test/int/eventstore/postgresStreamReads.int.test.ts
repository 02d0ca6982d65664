import { randomUUID } from 'node:crypto';
import { StreamNotFoundError } from '../../../src/application/eventStore/errors';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import type { TestDatabase } from '../../support/database';
import { createEventStoreDatabase } from './eventStoreDatabase';

describe('Postgres store: whole-stream reads of concurrent callers', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    store = new PostgresEventStore(database.pool);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('share one statement, and each caller gets its own stream', async () => {
    const streams = Array.from({ length: 12 }, (_, index) => `reads-${index}-${randomUUID()}`);
    for (const [index, stream] of streams.entries()) {
      const events = Array.from({ length: index + 1 }, (_, n) => ({
        id: randomUUID(),
        type: 'Counted',
        data: { n },
      }));
      await store.appendToStream(stream, events);
    }
    const queried = jest.spyOn(database.pool, 'query');
    try {
      const reads = await Promise.all([
        ...streams.map((stream) => store.readStream(stream)),
        store.readStream(streams[5]!, { fromRevision: 4n }),
        store.readStream(`reads-missing-${randomUUID()}`).catch((error: unknown) => error),
      ]);
      const statements = queried.mock.calls.map(([config]) => (config as { name?: string }).name);
      expect(statements.filter((name) => name?.startsWith('orderly_es_read_stream'))).toEqual([
        'orderly_es_read_streams',
      ]);
      for (const [index, stream] of streams.entries()) {
        expect(reads[index]).toHaveLength(index + 1);
        expect((reads[index] as { streamName: string }[]).every((event) => event.streamName === stream)).toBe(
          true,
        );
      }
      expect((reads[12] as { revision: bigint }[]).map((event) => event.revision)).toEqual([4n, 5n]);
      expect(reads[13]).toBeInstanceOf(StreamNotFoundError);
    } finally {
      queried.mockRestore();
    }
  });
});
