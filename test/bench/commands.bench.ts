import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { appendParameters, appendStatementFor } from '../../src/infrastructure/eventstore/postgres/sql';
import { createAccessTokens } from '../../src/infrastructure/auth/accessTokens';
import { registerUser, type Session, startTestApp, type TestApp } from '../support/testApp';
import { formatRate, latencyRun, type LatencyRun, markdownTable, percentile } from './measure';

const DURATION_MS = Number(process.env.COMMANDS_BENCH_MS ?? 10_000);
const CONCURRENCY = [1, 16, 64];

const post = async (app: TestApp, path: string, token: string, body: object): Promise<boolean> => {
  const response = await fetch(`${app.running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status === 201;
};

const bareAppends = (app: TestApp) => async () => {
  const event = {
    id: randomUUID(),
    type: 'WalletToppedUp',
    data: { amountMinor: 100 },
    metadata: { schemaVersion: 1 },
  };
  await app.database.pool.query({
    ...appendStatementFor('no_stream'),
    values: appendParameters(`bench-${randomUUID()}`, JSON.stringify([event]), 1, 'no_stream'),
  });
  return true;
};

const row = (name: string, concurrency: number, run: LatencyRun, bare: LatencyRun): string[] => [
  name,
  String(concurrency),
  formatRate(run.perSecond),
  `${percentile(run.latenciesMs, 50).toFixed(1)} ms`,
  `${percentile(run.latenciesMs, 99).toFixed(1)} ms`,
  String(run.errors),
  formatRate(bare.perSecond),
  (run.perSecond / bare.perSecond).toFixed(2),
];

export const commandsBenchmark = async (): Promise<void> => {
  const app = await startTestApp(['commands']);
  const tokens = createAccessTokens({
    ...app.config.auth,
    secret: app.config.auth.jwtSecret,
    ttlSeconds: 3600,
  });
  // Every request acts for a new customer (a fresh wallet stream), as a crowd of mobile users would.
  const issue = (userId: string) => tokens.issue({ userId, roles: ['customer'] }).token;
  try {
    const merchant: Session = await registerUser(app, 'merchant');
    await post(app, `/v1/merchants/${merchant.userId}/products`, merchant.accessToken, {
      sku: 'coffee',
      name: 'Coffee',
      priceMinor: 300,
    });
    const operations = {
      'top-up': () =>
        post(app, '/v1/wallet/top-ups', issue(randomUUID()), {
          amountMinor: 500,
          externalReference: randomUUID(),
        }),
      'place order': () =>
        post(app, '/v1/orders', issue(randomUUID()), {
          orderId: randomUUID(),
          merchantId: merchant.userId,
          items: [{ sku: 'coffee', quantity: 2 }],
        }),
    };
    const rows: string[][] = [];
    for (const concurrency of CONCURRENCY) {
      const bare = await latencyRun(DURATION_MS, concurrency, bareAppends(app));
      for (const [name, operation] of Object.entries(operations)) {
        rows.push(row(name, concurrency, await latencyRun(DURATION_MS, concurrency, operation), bare));
      }
    }
    console.log(
      `${cpus().length} cores, ${DURATION_MS / 1000} s per case, HTTP over loopback to one process`,
    );
    console.log(
      markdownTable(
        ['command', 'concurrency', 'requests/s', 'p50', 'p99', 'errors', 'bare appends/s', 'ratio'],
        rows,
      ),
    );
  } finally {
    await app.stop();
  }
};
