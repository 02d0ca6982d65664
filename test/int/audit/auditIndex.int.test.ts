import { randomUUID } from 'node:crypto';
import { comparePositions } from '../../../src/application/eventStore/position';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { auditIndexProjection } from '../../../src/projections/auditIndex/projection';
import { eventsOfCorrelation } from '../../../src/projections/auditIndex/queries';
import { commitBatch } from '../../../src/projections/runner/applyBatch';
import { liveTarget } from '../../../src/projections/runner/projection';
import { chained, walletEvents } from '../../support/audit/chainedEvents';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
let store: PostgresEventStore;
const streams = [`wallet-${randomUUID()}`, `order-${randomUUID()}`];

/** Read by stream, not through $all, whose xmin gate other tests' open transactions may hold back. */
const appended = async (names: readonly string[]) => {
  const events = (await Promise.all(names.map((name) => store.readStream(name)))).flat();
  return events.sort((a, b) => comparePositions(a.position, b.position));
};

const policy = { maxAttempts: 1, onPoison: 'stop' as const };

beforeAll(async () => {
  database = await createTestDatabase();
  store = new PostgresEventStore(database.pool);
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

describe('the audit correlation index', () => {
  it('indexes every event under its correlation id in $all order, across streams', async () => {
    const correlationId = randomUUID();
    const [first, second] = streams as [string, string];
    await store.appendToStream(first, chained(walletEvents(first, 2), '', { correlationId }));
    await store.appendToStream(
      second,
      chained([{ type: 'OrderPaid', data: { orderId: second } }], '', { correlationId }),
    );
    await store.appendToStream(
      first,
      chained(walletEvents(first, 1, 2), 'x', { correlationId: randomUUID() }),
    );
    const events = await appended([first, second]);
    await commitBatch(database.knex, liveTarget(auditIndexProjection), events, policy);

    const indexed = await eventsOfCorrelation(database.knex, correlationId, { limit: 10 });
    expect(indexed.map((row) => [row.streamName, row.revision, row.type])).toEqual([
      [first, 0n, 'WalletToppedUp'],
      [first, 1n, 'WalletToppedUp'],
      [second, 0n, 'OrderPaid'],
    ]);
    const page = await eventsOfCorrelation(database.knex, correlationId, {
      after: indexed[0]!.position,
      limit: 1,
    });
    expect(page.map((row) => row.eventId)).toEqual([indexed[1]!.eventId]);
  });

  it('changes nothing when the same events are applied again', async () => {
    const events = await appended(streams);
    const count = async () =>
      Number((await database.knex('audit_correlation_index').count({ n: '*' }))[0]!.n);
    const before = await count();
    await database.knex.transaction((trx) =>
      auditIndexProjection.apply(trx, events, auditIndexProjection.tables),
    );
    expect(await count()).toBe(before);
    expect(before).toBe(events.length);
  });
});
