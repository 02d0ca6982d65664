import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { Pool } from 'pg';
import { createAccessTokens } from '../../src/infrastructure/auth/accessTokens';
import { appendParameters, appendStatementFor } from '../../src/infrastructure/eventstore/postgres/sql';
import { formatRate, latencyRun, type LatencyRun, markdownTable, percentile } from './measure';
import { BENCH_JWT_SECRET, type BuiltServer, type HttpClient, httpClient, startBuiltServer } from './server';

const DURATION_MS = Number(process.env.COMMANDS_BENCH_MS ?? 10_000);
const CONCURRENCY = (process.env.COMMANDS_BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);

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

/** One timed case, with the server's CPU over it (per request: completed and failed ones alike). */
const measured = async (
  server: BuiltServer,
  concurrency: number,
  operation: () => Promise<boolean>,
): Promise<Measured> => {
  const cpuBefore = server.cpuMs();
  const run = await latencyRun(DURATION_MS, concurrency, operation);
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

const registerMerchant = async (client: HttpClient): Promise<{ userId: string; accessToken: string }> => {
  const credentials = { email: `merchant-${randomUUID()}@example.com`, password: 'a long enough password' };
  const registered = await client.post('/v1/auth/register', {
    ...credentials,
    displayName: 'Bench merchant',
    role: 'merchant',
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.body}`);
  const session = await client.post('/v1/auth/login', credentials);
  if (session.status !== 200) throw new Error(`login failed: ${session.status} ${session.body}`);
  return JSON.parse(session.body) as { userId: string; accessToken: string };
};

/**
 * Top-ups and order placements against the compiled server in a process of its own, beside bare single-event
 * appends from this process on the same database at the same concurrency.
 */
export const commandsBenchmark = async (): Promise<void> => {
  const server = await startBuiltServer(['commands'], { env: { JWT_SECRET: BENCH_JWT_SECRET } });
  const client = httpClient(server.url, Math.max(...CONCURRENCY));
  const tokens = createAccessTokens({
    secret: BENCH_JWT_SECRET,
    issuer: 'orderly',
    audience: 'orderly-mobile',
    ttlSeconds: 3600,
  });
  // Every request acts for a new customer (a fresh wallet stream), as a crowd of mobile users would.
  const bearer = () => ({
    authorization: `Bearer ${tokens.issue({ userId: randomUUID(), roles: ['customer'] }).token}`,
  });
  const created = async (path: string, body: object) =>
    (await client.post(path, body, bearer())).status === 201;
  try {
    const merchant = await registerMerchant(client);
    const listed = await client.post(
      `/v1/merchants/${merchant.userId}/products`,
      { sku: 'coffee', name: 'Coffee', priceMinor: 300 },
      { authorization: `Bearer ${merchant.accessToken}` },
    );
    if (listed.status !== 201) throw new Error(`listing failed: ${listed.status} ${listed.body}`);
    const operations = {
      'top-up': () => created('/v1/wallet/top-ups', { amountMinor: 500, externalReference: randomUUID() }),
      'place order': () =>
        created('/v1/orders', {
          orderId: randomUUID(),
          merchantId: merchant.userId,
          items: [{ sku: 'coffee', quantity: 2 }],
        }),
    };
    const rows: string[][] = [];
    for (const concurrency of CONCURRENCY) {
      const bare = await latencyRun(DURATION_MS, concurrency, bareAppends(server.database.pool));
      for (const [name, operation] of Object.entries(operations)) {
        rows.push(row(name, concurrency, await measured(server, concurrency, operation), bare));
      }
    }
    console.log(
      `${cpus().length} cores, ${DURATION_MS / 1000} s per case; the compiled server in its own process ` +
        `(pool 20) over loopback keep-alive HTTP; bare appends from the bench process (pool 20)`,
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
    await server.stop();
  }
};
