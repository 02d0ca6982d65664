import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { Pool } from 'pg';
import type { EventToAppend, ExpectedRevision } from '../../src/application/eventStore/eventStore';
import { PostgresEventStore } from '../../src/infrastructure/eventstore/postgres/postgresEventStore';
import {
  appendParameters,
  appendStatementFor,
  READ_ALL,
} from '../../src/infrastructure/eventstore/postgres/sql';
import { createEventStoreDatabase } from '../int/eventstore/eventStoreDatabase';
import { formatRate, markdownTable, type Paired, paired, throughput, timed } from './measure';

const DURATION_MS = Number(process.env.EVENTSTORE_BENCH_MS ?? 2_000);
const ROUNDS = Number(process.env.EVENTSTORE_BENCH_ROUNDS ?? 7);
const CATCH_UP_ROUNDS = Number(process.env.EVENTSTORE_BENCH_CATCH_UP_ROUNDS ?? 5);
const CATCH_UP_EVENTS = Number(process.env.EVENTSTORE_BENCH_EVENTS ?? 200_000);
const CATCH_UP_BATCH = 1_000;

/** Appends events after `expected` and returns the stream's new revision. */
type Append = (stream: string, events: EventToAppend[], expected: ExpectedRevision) => Promise<bigint>;

/** An order-sized event with the metadata the command side writes (about 500 bytes of JSON). */
const benchEvent = (): EventToAppend => ({
  id: randomUUID(),
  type: 'OrderPlaced',
  data: {
    orderId: randomUUID(),
    merchantId: randomUUID(),
    items: [
      { sku: 'SKU-1', quantity: 2, priceMinor: 450 },
      { sku: 'SKU-2', quantity: 1, priceMinor: 1290 },
    ],
    totalMinor: 2190,
    placedAt: new Date().toISOString(),
  },
  metadata: {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    userId: randomUUID(),
    schemaVersion: 1,
    hash: 'a'.repeat(64),
    prevHash: 'b'.repeat(64),
  },
});

/** The same statement the adapter runs, straight on the pool. */
const bareAppend =
  (pool: Pool): Append =>
  async (stream, events, expected) => {
    const { rows } = await pool.query<{ stream_revision: string }>({
      ...appendStatementFor(expected),
      values: appendParameters(stream, JSON.stringify(events), events.length, expected),
    });
    return BigInt(rows[0]!.stream_revision);
  };

const portAppend =
  (store: PostgresEventStore): Append =>
  async (stream, events, expected) =>
    (await store.appendToStream(stream, events, { expectedRevision: expected })).nextExpectedRevision;

let streamRun = 0;
/** Each writer appends `size` events at a time to a stream of its own, at exact expected revisions. */
const appendLoop = (append: Append, writers: number, size: number) => () => {
  streamRun += 1;
  const revisions = new Map<number, bigint>();
  return throughput(DURATION_MS, writers, async (writer) => {
    const events = Array.from({ length: size }, benchEvent);
    revisions.set(
      writer,
      await append(`bench${streamRun}-${writer}`, events, revisions.get(writer) ?? 'no_stream'),
    );
    return size;
  });
};

const bareCatchUp = (pool: Pool) => () =>
  timed(async () => {
    let read = 0;
    let from = ['0', '0'];
    while (read < CATCH_UP_EVENTS) {
      const { rows } = await pool.query<{ transaction_id: string | null; global_position: string | null }>({
        ...READ_ALL.forwards.none,
        values: [...from, CATCH_UP_BATCH],
      });
      const last = rows[rows.length - 1];
      if (last?.transaction_id == null || last.global_position === null) break;
      read += rows.length;
      from = [last.transaction_id, last.global_position];
    }
    return read;
  });

const portCatchUp = (store: PostgresEventStore) => () =>
  timed(async () => {
    let read = 0;
    for await (const batch of store.subscribeToAll({ maxBatchSize: CATCH_UP_BATCH })) {
      read += batch.length;
      if (read >= CATCH_UP_EVENTS) break;
    }
    return read;
  });

/** Tops `$all` up to the catch-up size with 1,000-event appends. */
const fillTo = async (pool: Pool, total: number): Promise<void> => {
  const { rows } = await pool.query<{ count: string }>('select count(*) from events');
  const append = bareAppend(pool);
  for (let count = Number(rows[0]!.count); count < total; count += 1_000) {
    await append(`fill-${count}`, Array.from({ length: 1_000 }, benchEvent), 'no_stream');
  }
};

const serverSettings = async (pool: Pool): Promise<string> => {
  const { rows } = await pool.query<{ version: string; shared_buffers: string; synchronous_commit: string }>(
    "select version(), current_setting('shared_buffers') as shared_buffers, current_setting('synchronous_commit') as synchronous_commit",
  );
  const server = rows[0]!;
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  return `${cpus().length} cores (load average ${load}), ${server.version.split(' on ')[0]}, shared_buffers ${server.shared_buffers}, synchronous_commit ${server.synchronous_commit}`;
};

/**
 * `npm run bench -- eventstore`: the Postgres adapter through the port against the bare SQL of the same
 * statements, in one run, in a fresh schema of the orderly_test database. Medians of paired runs.
 */
export const eventStoreBenchmark = async (): Promise<void> => {
  const database = await createEventStoreDatabase({ poolSize: 20 });
  const store = new PostgresEventStore(database.pool);
  const [bare, port] = [bareAppend(database.pool), portAppend(store)];
  try {
    console.log(
      `machine: ${await serverSettings(database.pool)}; ${DURATION_MS} ms per run, medians of ${ROUNDS} paired rounds (${CATCH_UP_ROUNDS} for catch-up)\n`,
    );
    const cases: [string, string, () => Promise<number>, () => Promise<number>][] = [
      ['single-event appends, 1 writer', 'appends/s', appendLoop(bare, 1, 1), appendLoop(port, 1, 1)],
      ['single-event appends, 16 writers', 'appends/s', appendLoop(bare, 16, 1), appendLoop(port, 16, 1)],
      ['100-event appends, 1 writer', 'events/s', appendLoop(bare, 1, 100), appendLoop(port, 1, 100)],
      ['100-event appends, 4 writers', 'events/s', appendLoop(bare, 4, 100), appendLoop(port, 4, 100)],
    ];
    const rows: string[][] = [];
    const record = (label: string, unit: string, result: Paired) => {
      rows.push([
        label,
        unit,
        formatRate(result.bare),
        formatRate(result.port),
        `${Math.round(result.ratio * 100)}%`,
      ]);
      console.log(`${label}: bare ${formatRate(result.bare)}, port ${formatRate(result.port)} ${unit}`);
    };
    for (const [label, unit, bareCase, portCase] of cases) {
      record(label, unit, await paired(ROUNDS, bareCase, portCase));
    }
    await fillTo(database.pool, CATCH_UP_EVENTS);
    const catchUp = await paired(CATCH_UP_ROUNDS, bareCatchUp(database.pool), portCatchUp(store));
    record(`$all catch-up via subscribeToAll (${formatRate(CATCH_UP_EVENTS)} events)`, 'events/s', catchUp);
    console.log(`\n${markdownTable(['case', 'unit', 'bare SQL', 'port', 'port / bare (median)'], rows)}`);
  } finally {
    await store.close();
    await database.drop();
  }
};
