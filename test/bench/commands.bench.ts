import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { Pool } from 'pg';
import { createAccessTokens } from '../../src/infrastructure/auth/accessTokens';
import { appendParameters, appendStatementFor } from '../../src/infrastructure/eventstore/postgres/sql';
import { httpLoad, type LoadRequest } from './httpLoad';
import { formatRate, latencyRun, type LatencyRun, markdownTable, percentile } from './measure';
import {
  BENCH_JWT_SECRET,
  httpClient,
  registerAccount,
  type ServerProcess,
  startBareEndpoints,
  startBuiltServer,
} from './server';

const DURATION_MS = Number(process.env.COMMANDS_BENCH_MS ?? 10_000);
const CONCURRENCY = (process.env.COMMANDS_BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);
const WARM_UP_MS = 1_000;

const bareAppends = (pool: Pool) => async () => {
  const event = {
    id: randomUUID(),
    type: 'WalletToppedUp',
    data: { amountMinor: 100 },
    metadata: { schemaVersion: 1 },
  };
  await pool.query({
    ...appendStatementFor('no_stream'),
    values: appendParameters(`bench-${randomUUID()}`, JSON.stringify([event]), 1, 'no_stream'),
  });
  return true;
};

type Measured = Readonly<{ run: LatencyRun; serverCpuMs: number }>;

/** One timed case over HTTP, with the CPU its server process used meanwhile. */
const measured = async (
  server: ServerProcess,
  connections: number,
  next: () => LoadRequest,
): Promise<Measured> => {
  const load = (durationMs: number) =>
    httpLoad({ url: server.url, connections, durationMs, next, succeeded: (status) => status === 201 });
  await load(WARM_UP_MS);
  const cpuBefore = server.cpuMs();
  const run = await load(DURATION_MS);
  return { run, serverCpuMs: server.cpuMs() - cpuBefore };
};

const row = (name: string, concurrency: number, { run, serverCpuMs }: Measured, bare: LatencyRun) => [
  name,
  String(concurrency),
  formatRate(run.perSecond),
  `${percentile(run.latenciesMs, 50).toFixed(1)} ms`,
  `${percentile(run.latenciesMs, 99).toFixed(1)} ms`,
  String(run.errors),
  (serverCpuMs / run.latenciesMs.length).toFixed(2),
  formatRate(bare.perSecond),
  (run.perSecond / bare.perSecond).toFixed(2),
];

/**
 * Every request acts for a new customer (a fresh wallet stream), as a crowd of mobile users would. Their
 * tokens are signed ahead, so the load generator spends its CPU on requests, not on signatures.
 */
const customerTokens = () => {
  const tokens = createAccessTokens({
    secret: BENCH_JWT_SECRET,
    issuer: 'orderly',
    audience: 'orderly-mobile',
    ttlSeconds: 3600,
  });
  const issue = () => `Bearer ${tokens.issue({ userId: randomUUID(), roles: ['customer'] }).token}`;
  const signed: string[] = [];
  return {
    next: () => signed.pop() ?? issue(),
    signAhead: (count: number) => {
      while (signed.length < count) signed.push(issue());
    },
  };
};

// More than one case serves at this machine's pace, warm-up included.
const TOKENS_PER_CASE = 40_000;

/**
 * Top-ups and order placements against the compiled server in a process of its own, beside bare
 * single-event appends from this process on the same database at the same concurrency, and beside the
 * floor: an express route that does nothing but that append (test/bench/bareEndpoints.ts).
 */
export const commandsBenchmark = async (): Promise<void> => {
  const server = await startBuiltServer(['commands'], { env: { JWT_SECRET: BENCH_JWT_SECRET } });
  const bareEndpoints = await startBareEndpoints(server.database);
  const client = httpClient(server.url, 4);
  const customers = customerTokens();
  try {
    const merchant = await registerAccount(client, 'merchant');
    const listed = await client.post(
      `/v1/merchants/${merchant.userId}/products`,
      { sku: 'coffee', name: 'Coffee', priceMinor: 300 },
      { authorization: `Bearer ${merchant.accessToken}` },
    );
    if (listed.status !== 201) throw new Error(`listing failed: ${listed.status} ${listed.body}`);
    const cases: readonly [string, ServerProcess, () => LoadRequest][] = [
      [
        'express + append only (floor)',
        bareEndpoints,
        () => ({
          method: 'POST',
          path: '/append',
          body: { amountMinor: 500, externalReference: randomUUID() },
        }),
      ],
      [
        'top-up',
        server,
        () => ({
          method: 'POST',
          path: '/v1/wallet/top-ups',
          headers: { authorization: customers.next() },
          body: { amountMinor: 500, externalReference: randomUUID() },
        }),
      ],
      [
        'place order',
        server,
        () => ({
          method: 'POST',
          path: '/v1/orders',
          headers: { authorization: customers.next() },
          body: {
            orderId: randomUUID(),
            merchantId: merchant.userId,
            items: [{ sku: 'coffee', quantity: 2 }],
          },
        }),
      ],
    ];
    const rows: string[][] = [];
    for (const concurrency of CONCURRENCY) {
      const bare = await latencyRun(DURATION_MS, concurrency, bareAppends(server.database.pool));
      for (const [name, target, next] of cases) {
        customers.signAhead(TOKENS_PER_CASE);
        rows.push(row(name, concurrency, await measured(target, concurrency, next), bare));
      }
    }
    console.log(
      `${cpus().length} cores, ${DURATION_MS / 1000} s per case after ${WARM_UP_MS / 1000} s of warm-up; the ` +
        'compiled server and the floor each in a process of their own (pools of 20), driven over loopback ' +
        'keep-alive HTTP by autocannon; bare appends from the bench process (pool 20)',
    );
    console.log(
      markdownTable(
        [
          'command',
          'concurrency',
          'requests/s',
          'p50',
          'p99',
          'errors',
          'server CPU ms/request',
          'bare appends/s',
          'ratio',
        ],
        rows,
      ),
    );
  } finally {
    client.close();
    await bareEndpoints.stop();
    await server.stop();
  }
};
