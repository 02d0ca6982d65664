import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecordedEvent, SubscribeOptions } from '../../../src/application/eventStore/eventStore';
import type { Position } from '../../../src/application/eventStore/position';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import type { TestDatabase } from '../../support/database';
import { expectIncreasing, ids } from './contractSupport';
import { createEventStoreDatabase } from './eventStoreDatabase';

const WRITERS = 8;
const APPENDS_PER_WRITER = 250;
const EVENTS_PER_APPEND = 10;
const STREAMS_PER_WRITER = 5;
const TOTAL = WRITERS * APPENDS_PER_WRITER * EVENTS_PER_APPEND;

let appendsSeen = 0;
/**
 * Holds some transactions open after their insert, so later sequence values commit first: the very first
 * append for half a second (certain to be overtaken), then one in five for up to 9 ms.
 */
const commitOutOfOrder = async (client: PoolClient): Promise<void> => {
  appendsSeen += 1;
  const pause = appendsSeen === 1 ? 0.5 : appendsSeen % 5 === 0 ? (appendsSeen % 10) / 1000 : 0;
  if (pause > 0) await client.query('select pg_sleep($1)', [pause]);
};

const streamOf = (writer: number, n: number) => `gap-w${writer}:${n % STREAMS_PER_WRITER}`;

/** One writer: its own streams, exact expected revisions; returns its event ids and commit order. */
const write = async (store: PostgresEventStore, writer: number, commits: bigint[]): Promise<string[]> => {
  const written: string[] = [];
  const revisions = new Map<string, bigint>();
  for (let n = 0; n < APPENDS_PER_WRITER; n += 1) {
    const stream = streamOf(writer, n);
    const events = Array.from({ length: EVENTS_PER_APPEND }, (_, i) => ({
      id: randomUUID(),
      type: 'GapTested',
      data: { writer, n, i },
    }));
    const result = await store.appendToStream(stream, events, {
      expectedRevision: revisions.get(stream) ?? 'no_stream',
    });
    revisions.set(stream, result.nextExpectedRevision);
    commits.push(result.position.prepare);
    written.push(...ids(events));
  }
  return written;
};

/** Consumes a subscription until `count` events arrived (or a deadline passes, failing the assertions). */
const consume = async (
  store: PostgresEventStore,
  options: Omit<SubscribeOptions, 'signal'>,
  count: number,
): Promise<RecordedEvent[]> => {
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(), 120_000);
  const received: RecordedEvent[] = [];
  for await (const batch of store.subscribeToAll({ ...options, signal: controller.signal })) {
    received.push(...batch);
    if (received.length >= count) break;
  }
  clearTimeout(deadline);
  return received;
};

/** A subscriber that stops after `stopAfter` events and resumes from its saved checkpoint. */
const consumeWithRestart = async (store: PostgresEventStore, stopAfter: number): Promise<RecordedEvent[]> => {
  const first = await consume(store, { maxBatchSize: 300 }, stopAfter);
  const checkpoint: Position = first[first.length - 1]!.position;
  const rest = await consume(store, { from: checkpoint, maxBatchSize: 700 }, TOTAL - first.length);
  return [...first, ...rest];
};

const expectStreamsInOrder = (events: readonly RecordedEvent[]): void => {
  const next = new Map<string, bigint>();
  for (const event of events) {
    expect(event.revision).toBe(next.get(event.streamName) ?? 0n);
    next.set(event.streamName, event.revision + 1n);
  }
};

describe('Postgres event store under out-of-order commits', () => {
  let database: TestDatabase;
  let writers: PostgresEventStore;
  let readers: PostgresEventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase({ poolSize: 16 });
    writers = new PostgresEventStore(database.pool, { beforeCommit: commitOutOfOrder });
    readers = new PostgresEventStore(database.pool);
  });

  afterAll(async () => {
    await writers.close();
    await readers.close();
    await database.drop();
  });

  it('delivers every event exactly once, in one order, to fresh, restarted and filtered subscribers', async () => {
    const fromStart = consume(readers, { maxBatchSize: 500 }, TOTAL);
    const restarted = consumeWithRestart(readers, 7_000);
    const filtered = consume(readers, { filter: { streamPrefixes: ['gap-w3:'] } }, TOTAL / WRITERS);
    const commits: bigint[] = [];
    const written = await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(writers, w, commits)));

    const sortedCommits = [...commits].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(commits).not.toEqual(sortedCommits); // the load did commit later positions first
    const all = await fromStart;
    expect(all.length).toBe(TOTAL);
    expect(new Set(ids(all))).toEqual(new Set(written.flat()));
    expectIncreasing(all.map((event) => event.position));
    expectStreamsInOrder(all);
    expect(ids(await restarted)).toEqual(ids(all));
    expect(ids(await filtered)).toEqual(ids(all.filter((event) => event.streamName.startsWith('gap-w3:'))));
  }, 150_000); // generous: the machine is shared with other test runs
});
