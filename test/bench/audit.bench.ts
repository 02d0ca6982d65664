import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { createChainVerifier, entryOfEvent } from '../../src/application/audit/chainVerifier';
import { exportEvents } from '../../src/application/audit/exportEvents';
import { verifyStore } from '../../src/application/audit/verifyStore';
import type { EventStore, RecordedEvent } from '../../src/application/eventStore/eventStore';
import type { Position } from '../../src/application/eventStore/position';
import { checkPostgresChains } from '../../src/infrastructure/audit/postgresChainCheck';
import { PostgresEventStore } from '../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { writeNdjson } from '../../src/infrastructure/http/audit/ndjson';
import { seedChainedStreams } from '../support/audit/chainedEvents';
import { untilAllVisible } from '../support/audit/visibility';
import { createTestDatabase } from '../support/database';

const STREAMS = Number(process.env.AUDIT_BENCH_STREAMS ?? 2_000);
const PER_STREAM = Number(process.env.AUDIT_BENCH_PER_STREAM ?? 100);
const ROUNDS = Number(process.env.AUDIT_BENCH_ROUNDS ?? 3);
const PAGE = 10_000;

type Run = Readonly<{ events: number; wallMs: number; cpuMs: number; machineCpuMs: number }>;

/** CPU time the whole machine (Node and Postgres alike) has spent busy so far, in ms (/proc/stat). */
const machineBusyMs = (): number => {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const busy = fields.slice(0, 8).reduce((sum, value) => sum + value, 0) - idle;
  return busy * 10; // USER_HZ is 100 on Linux
};

/** Wall time, this process's CPU time (user + system) and the machine's CPU time of one run. */
const measure = async (work: () => Promise<number>): Promise<Run> => {
  const cpu = process.cpuUsage();
  const machine = machineBusyMs();
  const started = performance.now();
  const events = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { events, wallMs, cpuMs: (used.user + used.system) / 1000, machineCpuMs: machineBusyMs() - machine };
};

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const report = (name: string, runs: readonly Run[]): void => {
  const rate = median(runs.map((run) => (run.events / run.wallMs) * 1000));
  const cpuMicros = median(runs.map((run) => (run.cpuMs * 1000) / run.events));
  const machineMicros = median(runs.map((run) => (run.machineCpuMs * 1000) / run.events));
  const events = runs[0]?.events ?? 0;
  console.log(
    `${name.padEnd(38)} ${events.toLocaleString('en')} events  ${Math.round(rate).toLocaleString('en').padStart(9)} events/s  ` +
      `${cpuMicros.toFixed(2)} µs node CPU/event  ${machineMicros.toFixed(1)} µs machine CPU/event  (median of ${runs.length})`,
  );
};

const readEverything = async (store: EventStore, keep?: RecordedEvent[]): Promise<number> => {
  let count = 0;
  for (let from: Position | undefined; ;) {
    const page = await store.readAll({ from, maxCount: PAGE });
    count += page.length;
    keep?.push(...page);
    if (page.length < PAGE) return count;
    from = page.at(-1)?.position;
  }
};

/** Counts the bytes it is given, a turn of the event loop per chunk: a fast client with backpressure. */
const countingSink = (): Writable =>
  new Writable({ highWaterMark: 64 * 1024, write: (_chunk: Buffer, _encoding, done) => setImmediate(done) });

const rounds = async (work: () => Promise<number>): Promise<Run[]> => {
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round += 1) runs.push(await measure(work));
  return runs;
};

/**
 * `npm run bench -- audit`: whole-store hash-chain verification and NDJSON export over STREAMS × PER_STREAM
 * chained events (default 200,000) in a fresh schema of the real Postgres. Plain `$all` reading through the
 * port is measured beside them: it is the ceiling both share.
 */
export const auditBenchmark = async (): Promise<void> => {
  const database = await createTestDatabase({ poolSize: 12 });
  const store = new PostgresEventStore(database.pool);
  try {
    const seeded = await measure(async () => {
      await seedChainedStreams(store, STREAMS, PER_STREAM);
      return STREAMS * PER_STREAM;
    });
    await untilAllVisible(store, database.pool);
    report('seed (100-event appends, 8 lanes)', [seeded]);
    report('read $all through the port', await rounds(() => readEverything(store)));
    report(
      'verify whole store (port, parsed)',
      await rounds(async () => {
        const result = await verifyStore(store, { pageSize: PAGE });
        if (!result.ok) throw new Error('the seeded chains should hold');
        return result.eventsChecked;
      }),
    );
    for (const connections of [1, 2]) {
      report(
        `verify whole store (verify-audit, SQL ×${connections})`,
        await rounds(async () => {
          const result = await checkPostgresChains(database.pool, { connections });
          if (!result.ok) throw new Error('the seeded chains should hold');
          return result.eventsChecked;
        }),
      );
    }
    const inMemory: RecordedEvent[] = [];
    await readEverything(store, inMemory);
    report(
      'hash chain check alone (in memory)',
      await rounds(() => {
        const verifier = createChainVerifier();
        for (const event of inMemory) {
          if (verifier.check(entryOfEvent(event)) !== undefined) throw new Error('broken');
        }
        return Promise.resolve(inMemory.length);
      }),
    );
    report(
      'NDJSON export (whole store)',
      await rounds(() => writeNdjson(countingSink(), exportEvents(store, {}))),
    );
  } finally {
    await store.close();
    await database.drop();
  }
};
