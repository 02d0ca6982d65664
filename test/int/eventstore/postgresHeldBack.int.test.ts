import { Client } from 'pg';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import type { TestDatabase } from '../../support/database';
import { ids, newEvent } from './contractSupport';
import { createEventStoreDatabase } from './eventStoreDatabase';

/** A transaction left open holds back what commits after it: subscribers wait, operators must see it. */
describe('Postgres event store: events held back behind an open transaction', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let holder: Client;

  beforeAll(async () => {
    database = await createEventStoreDatabase({ poolSize: 4 });
    store = new PostgresEventStore(database.pool);
    holder = new Client({ connectionString: database.settings.url });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end();
    await store.close();
    await database.drop();
  });

  it('counts committed events a subscriber cannot read yet, by filter, until the transaction ends', async () => {
    const before = newEvent('Before');
    await store.appendToStream('held-1', [before]);
    await holder.query('begin');
    await holder.query('select pg_current_xact_id()');
    const [placed, paid] = [newEvent('Placed'), newEvent('Paid')];
    const started = new Date();
    await store.appendToStream('held-2', [placed, paid]);

    expect(ids(await store.readAll())).toEqual([before.id]);
    const all = await store.heldBack({ cap: 100 });
    expect(all.count).toBe(2);
    expect(all.oldestRecordedAt!.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1_000);
    expect((await store.heldBack({ cap: 1 })).count).toBe(1);
    expect((await store.heldBack({ filter: { eventTypes: ['Paid'] }, cap: 100 })).count).toBe(1);
    expect((await store.heldBack({ filter: { streamPrefixes: ['other-'] }, cap: 100 })).count).toBe(0);

    await holder.query('commit');
    expect(await store.heldBack({ cap: 100 })).toEqual({ count: 0, oldestRecordedAt: undefined });
    expect(ids(await store.readAll())).toEqual([before.id, placed.id, paid.id]);
  });
});
