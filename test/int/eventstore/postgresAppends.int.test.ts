import { ConflictError, ValidationError } from '../../../src/domain/shared/errors';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import type { TestDatabase } from '../../support/database';
import { ids, newEvent } from './contractSupport';
import { createEventStoreDatabase } from './eventStoreDatabase';

/** Postgres-specific answers where the port leaves the backend some room. */
describe('Postgres event store appends', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase({ poolSize: 4 });
    store = new PostgresEventStore(database.pool);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('refuses an event id already used in another stream, writing nothing', async () => {
    const taken = newEvent('Taken');
    await store.appendToStream('first-1', [taken]);
    const append = store.appendToStream('second-1', [newEvent('Fresh'), taken], { expectedRevision: 'any' });
    await expect(append).rejects.toBeInstanceOf(ConflictError);
    await expect(append).rejects.toMatchObject({ code: 'EVENT.DUPLICATE_ID' });
    const { rows } = await database.pool.query('select stream_name from streams order by 1');
    expect(rows).toEqual([{ stream_name: 'first-1' }]);
  });

  it('refuses event ids that are not UUIDs', async () => {
    const append = store.appendToStream('bad-1', [{ id: 'not-a-uuid', type: 'Bad', data: {} }]);
    await expect(append).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers an empty append to a missing stream with revision -1 at the start of $all', async () => {
    const result = await store.appendToStream('never-1', [], { expectedRevision: 'no_stream' });
    expect(result).toEqual({ nextExpectedRevision: -1n, position: { commit: 0n, prepare: 0n } });
  });

  it('stores metadata as given and an absent one as empty', async () => {
    const withMetadata = newEvent('Meta', { a: 1 }, { hash: 'h1', prevHash: 'h0', correlationId: 'c' });
    const without = { id: newEvent('Bare').id, type: 'Bare', data: {} };
    await store.appendToStream('meta-1', [withMetadata, without]);
    const read = await store.readStream('meta-1');
    expect(ids(read)).toEqual([withMetadata.id, without.id]);
    expect(read.map((event) => event.metadata)).toEqual([withMetadata.metadata, {}]);
  });
});
