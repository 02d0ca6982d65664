import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../../src/infrastructure/eventstore/postgres/logger';
import { Wakeups } from '../../../src/infrastructure/eventstore/postgres/wakeups';
import type { TestDatabase } from '../../support/database';
import { createEventStoreDatabase } from './eventStoreDatabase';

/**
 * Two stores on one channel, as two processes on one database: an append wakes the appending store's
 * subscriptions once, in-process, and the other's through NOTIFY; the NOTIFY coming back to the sender's own
 * listener must not wake its subscriptions a second time (each wake-up costs every subscription a read).
 */
describe('Postgres event store: wake-ups across stores', () => {
  let database: TestDatabase;
  let first: Wakeups;
  let second: Wakeups;

  beforeAll(async () => {
    database = await createEventStoreDatabase({ poolSize: 4 });
    const channel = `orderly_test_${randomBytes(6).toString('hex')}`;
    const wakeups = () => new Wakeups(database.pool, () => Promise.resolve(channel), 0, silentLogger);
    first = wakeups();
    second = wakeups();
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await database.drop();
  });

  it("wakes the other store's subscriptions by NOTIFY and the appending store's only once", async () => {
    const mine = first.register();
    const theirs = second.register();
    // Each listener wakes its subscriptions once it is connected (notifications may have been missed).
    expect(await mine.wait(5_000, undefined)).toBe('woken');
    expect(await theirs.wait(5_000, undefined)).toBe('woken');

    first.appended();
    expect(await mine.wait(0, undefined)).toBe('woken'); // in-process, at once
    expect(await theirs.wait(5_000, undefined)).toBe('woken'); // the NOTIFY arrived
    expect(await mine.wait(300, undefined)).toBe('timeout'); // and did not wake the sender again

    second.appended();
    expect(await mine.wait(5_000, undefined)).toBe('woken');
    expect(await theirs.wait(0, undefined)).toBe('woken');
    expect(await theirs.wait(300, undefined)).toBe('timeout');
    first.unregister(mine);
    second.unregister(theirs);
  });
});
