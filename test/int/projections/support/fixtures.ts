import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../../../../src/application/eventStore/eventStore';
import { comparePositions, type Position } from '../../../../src/application/eventStore/position';
import type { OrderlyEvent } from '../../../../src/domain/events';
import { PostgresEventStore } from '../../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { readModelProjections } from '../../../../src/projections/all';
import type { Projection } from '../../../../src/projections/runner/projection';
import type { RunnerDependencies } from '../../../../src/projections/runner/runnerOptions';
import { createTestDatabase, type TestDatabase } from '../../../support/database';

export type ProjectionTestBed = Readonly<{
  db: TestDatabase;
  store: EventStore;
  deps: RunnerDependencies;
  projections: Projection[];
  byName: (name: string) => Projection;
  close: () => Promise<void>;
}>;

export const createProjectionTestBed = async (): Promise<ProjectionTestBed> => {
  const db = await createTestDatabase({ poolSize: 20 });
  const store = new PostgresEventStore(db.pool, { polling: { maxIdleDelayMs: 50 } });
  const projections = readModelProjections({ analyticsSchema: db.analyticsSchema });
  const byName = (name: string): Projection => {
    const found = projections.find((projection) => projection.name === name);
    if (found === undefined) throw new Error(`no projection ${name}`);
    return found;
  };
  const close = async (): Promise<void> => {
    await store.close();
    await db.drop();
  };
  return { db, store, deps: { knex: db.knex, pool: db.pool, store }, projections, byName, close };
};

/** Appends domain events to a stream (ids generated) and returns the position of the last one. */
export const append = async (
  store: EventStore,
  streamName: string,
  events: readonly OrderlyEvent[],
): Promise<Position> => {
  const result = await store.appendToStream(
    streamName,
    events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data })),
  );
  return result.position;
};

/**
 * Every event of the test's schema, once `$all` shows them up to `until`: the store holds back events while
 * any older transaction is open on the server (other test files run beside this one).
 */
export const readEverything = async (store: EventStore, until: Position): Promise<RecordedEvent[]> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = await store.readAll({ maxCount: 100_000 });
    const last = events.at(-1);
    if (last !== undefined && comparePositions(last.position, until) >= 0) return events;
    if (Date.now() > deadline) throw new Error('$all did not reach the appended events in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

export const at = (minute: number): string => new Date(Date.UTC(2026, 0, 15, 10, minute)).toISOString();

export const orderPlaced = (
  ids: Readonly<{ orderId: string; customerId: string; merchantId: string }>,
  placedAt = at(0),
): OrderlyEvent => ({
  type: 'OrderPlaced',
  data: {
    ...ids,
    items: [
      { sku: 'latte', name: 'Latte', quantity: 2, unitPriceMinor: 350, lineTotalMinor: 700 },
      { sku: 'bagel', name: 'Bagel', quantity: 1, unitPriceMinor: 300, lineTotalMinor: 300 },
    ],
    totalMinor: 1000,
    currency: 'EUR',
    placedAt,
  },
});

export const orderPaid = (
  ids: Readonly<{ orderId: string; customerId: string; merchantId: string }>,
  paidAt = at(1),
): OrderlyEvent => ({ type: 'OrderPaid', data: { ...ids, amountMinor: 1000, paidAt } });

export const toppedUp = (userId: string, amountMinor: number, toppedUpAt = at(0)): OrderlyEvent => ({
  type: 'WalletToppedUp',
  data: { userId, amountMinor, currency: 'EUR', externalReference: randomUUID(), toppedUpAt },
});

export const charged = (
  userId: string,
  orderId: string,
  amountMinor: number,
  chargedAt = at(1),
): OrderlyEvent => ({
  type: 'WalletCharged',
  data: { userId, orderId, amountMinor, chargedAt },
});

export const userRegistered = (userId: string, role: 'customer' | 'merchant' = 'customer'): OrderlyEvent => ({
  type: 'UserRegistered',
  data: {
    userId,
    email: `${userId}@example.com`,
    displayName: `User ${userId.slice(0, 4)}`,
    role,
    passwordHash: 'scrypt$not-a-real-hash',
    registeredAt: at(0),
  },
});

export const newOrderIds = (customerId = randomUUID(), merchantId = randomUUID()) => ({
  orderId: randomUUID(),
  customerId,
  merchantId,
});

/** Every row of a table, in a stable order, for before/after comparisons. */
export const snapshot = async (
  db: TestDatabase,
  table: string,
  orderBy: readonly string[],
): Promise<unknown[]> =>
  db
    .knex(table)
    .select('*')
    .orderBy([...orderBy]);
