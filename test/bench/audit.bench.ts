import { Writable } from 'node:stream';
import { verifyStore } from '../../src/application/audit/verifyStore';
import { exportEvents } from '../../src/application/audit/exportEvents';
import { PostgresEventStore } from '../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { writeNdjson } from '../../src/infrastructure/http/audit/ndjson';
import { createTestDatabase } from '../support/database';
import { seedChainedStreams } from '../support/audit/chainedEvents';

const STREAMS = Number(process.env.AUDIT_BENCH_STREAMS ?? 2_000);
const PER_STREAM = Number(process.env.AUDIT_BENCH_PER_STREAM ?? 100);

const rate = (events: number, ms: number): string =>
  `${Math.round((events / ms) * 1000).toLocaleString('en')}/s`;

/** Counts the bytes it is given; stands in for the network, with the same backpressure contract. */
const countingSink = () => {
  let bytes = 0;
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write: (chunk: Buffer, _encoding, callback) => {
      bytes += chunk.length;
      setImmediate(callback);
    },
  });
  return { sink, bytes: () => bytes };
};

/**
 * `npm run bench -- audit`: whole-store hash-chain verification and NDJSON export over STREAMS × PER_STREAM
 * events (default 200,000) in a fresh schema of the real Postgres.
 */
export const auditBenchmark = async (): Promise<void> => {
  const database = await createTestDatabase({ poolSize: 12 });
  const store = new PostgresEventStore(database.pool);
  try {
    const total = STREAMS * PER_STREAM;
    let started = Date.now();
    await seedChainedStreams(store, STREAMS, PER_STREAM);
    console.log(`seeded ${total.toLocaleString('en')} chained events in ${Date.now() - started} ms`);
    for (let run = 1; run <= 3; run += 1) {
      started = Date.now();
      const result = await verifyStore(store, { pageSize: 10_000 });
      const ms = Date.now() - started;
      console.log(
        `verify run ${run}: ${result.eventsChecked} events ok=${result.ok} in ${ms} ms → ${rate(total, ms)}`,
      );
    }
    for (let run = 1; run <= 2; run += 1) {
      const { sink, bytes } = countingSink();
      started = Date.now();
      const exported = await writeNdjson(sink, exportEvents(store, {}));
      const ms = Date.now() - started;
      console.log(
        `NDJSON export run ${run}: ${exported} events, ${(bytes() / 1e6).toFixed(1)} MB in ${ms} ms → ${rate(exported, ms)}`,
      );
    }
  } finally {
    await store.close();
    await database.drop();
  }
};
