import { randomUUID } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { bearer, registerUser, type Session, startTestApp, type TestApp } from '../support/testApp';
import { formatRate, latencyRun, type LatencyRun, markdownTable, percentile } from './measure';

const DURATION_MS = Number(process.env.QUERIES_BENCH_MS ?? 5_000);
const VISIBILITY_SAMPLES = Number(process.env.QUERIES_BENCH_SAMPLES ?? 300);
const CONCURRENCY = 32;

// Keep-alive connections and no body parsing beyond reading it: fetch costs 1.5-2.5 ms of CPU a request here,
// and the load generator shares the process (and its CPU) with the servers it measures.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

type Answer = Readonly<{ status: number; header: (name: string) => string | undefined }>;

const get = (url: string, headers: Readonly<Record<string, string>>): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const outgoing = request(url, { agent, headers }, (incoming) => {
      incoming.on('data', () => undefined);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          header: (name) => {
            const value = incoming.headers[name];
            return Array.isArray(value) ? value.join(', ') : value;
          },
        }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

const listen = async (handler: express.Express): Promise<{ server: Server; url: string }> => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

/** Command answered → the same client sees it in the read model (a GET with the consistency token). */
const commandToVisible = async (
  bed: TestApp,
  customer: Session,
  queryUrl: string,
): Promise<{ latencies: number[]; stale: number }> => {
  const latencies: number[] = [];
  let stale = 0;
  for (let sample = 0; sample < VISIBILITY_SAMPLES; sample += 1) {
    const topUp = await bed
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 100, externalReference: randomUUID() });
    const answered = performance.now();
    const view = await get(`${queryUrl}/v1/me/wallet`, {
      authorization: `Bearer ${customer.accessToken}`,
      'x-consistency-token': String(topUp.headers['x-consistency-token']),
    });
    if (view.header('x-consistency') !== 'caught-up') stale += 1;
    latencies.push(performance.now() - answered);
  }
  return { latencies: latencies.sort((a, b) => a - b), stale };
};

type LoadRun = LatencyRun & Readonly<{ cpuMsPerRequest: number }>;

/** Also the process's CPU per request (servers and client together: judge changes by it on a busy machine). */
const getLoad = async (url: string, headers: Record<string, string>): Promise<LoadRun> => {
  const cpuBefore = process.cpuUsage();
  const run = await latencyRun(
    DURATION_MS,
    CONCURRENCY,
    async () => (await get(url, headers)).status === 200,
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { ...run, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / run.latenciesMs.length };
};

/** The same SELECT as the order view, on a bare express + pg endpoint (no auth, no ETag): the ceiling. */
const bareEndpoint = (bed: TestApp) =>
  express().get('/orders/:orderId', async (req, res) => {
    const { rows } = await bed.database.pool.query('select * from orders where order_id = $1', [
      req.params.orderId,
    ]);
    res.json(rows[0]);
  });

const row = (name: string, run: LoadRun): string[] => [
  name,
  formatRate(run.perSecond),
  percentile(run.latenciesMs, 50).toFixed(1),
  percentile(run.latenciesMs, 99).toFixed(1),
  String(run.errors),
  run.cpuMsPerRequest.toFixed(2),
];

/** Read-your-writes latency and the order view under load beside a bare endpoint. */
export const queriesBenchmark = async (): Promise<void> => {
  // One process with every role but the broker-bound ones, as `npm start` runs them (in-process wake-ups).
  const bed = await startTestApp(['commands', 'processor', 'queries', 'projector']);
  const queries = { url: bed.running.url };
  const bare = await listen(bareEndpoint(bed));
  try {
    const merchant = await registerUser(bed, 'merchant');
    const customer = await registerUser(bed, 'customer');
    await bed
      .http()
      .post(`/v1/merchants/${merchant.userId}/products`)
      .set(...bearer(merchant))
      .send({ sku: 'tea', name: 'Tea', priceMinor: 200 });
    const { latencies: visible, stale } = await commandToVisible(bed, customer, queries.url);
    console.log(`command → visible in the read model (${visible.length} top-ups, then GET with the token):`);
    console.log(
      `p50 ${percentile(visible, 50).toFixed(1)} ms, p99 ${percentile(visible, 99).toFixed(1)} ms, ${stale} stale\n`,
    );
    const orderId = randomUUID();
    const placed = await bed
      .http()
      .post('/v1/orders')
      .set(...bearer(customer))
      .send({ orderId, merchantId: merchant.userId, items: [{ sku: 'tea', quantity: 1 }] });
    await get(`${queries.url}/v1/orders/${orderId}`, {
      authorization: `Bearer ${customer.accessToken}`,
      'x-consistency-token': String(placed.headers['x-consistency-token']),
    });
    const auth = { authorization: `Bearer ${customer.accessToken}` };
    const bareRun = await getLoad(`${bare.url}/orders/${orderId}`, {});
    const viewRun = await getLoad(`${queries.url}/v1/orders/${orderId}`, auth);
    console.log(`GET order detail, ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s each:\n`);
    console.log(
      markdownTable(
        ['endpoint', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'node CPU ms/request'],
        [row('bare express + pg', bareRun), row('query API', viewRun)],
      ),
    );
    console.log(`\nquery API / bare: ${(viewRun.perSecond / bareRun.perSecond).toFixed(2)}`);
  } finally {
    agent.destroy();
    bare.server.close();
    await bed.stop();
  }
};
