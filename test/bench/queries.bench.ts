import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { httpLoad, type LoadRequest } from './httpLoad';
import { formatRate, type LatencyRun, markdownTable, median, percentile } from './measure';
import {
  type Account,
  type HttpClient,
  httpClient,
  registerAccount,
  type ServerProcess,
  startBareEndpoints,
  startBuiltServer,
} from './server';

const DURATION_MS = Number(process.env.QUERIES_BENCH_MS ?? 5_000);
const ROUNDS = Number(process.env.QUERIES_BENCH_ROUNDS ?? 5);
const VISIBILITY_SAMPLES = Number(process.env.QUERIES_BENCH_SAMPLES ?? 300);
const CONCURRENCY = 32;
const CUSTOMERS = 20;
const ORDERS_PER_CUSTOMER = 10;
const WARM_UP_MS = 1_000;

type Order = Readonly<{ orderId: string; customer: Account }>;

const authorization = (account: Account) => ({ authorization: `Bearer ${account.accessToken}` });

/** Command answered → the same client sees it in the read model (a GET with the consistency token). */
const commandToVisible = async (
  client: HttpClient,
  customer: Account,
): Promise<{ latencies: number[]; stale: number }> => {
  const latencies: number[] = [];
  let stale = 0;
  for (let sample = 0; sample < VISIBILITY_SAMPLES; sample += 1) {
    const topUp = await client.post(
      '/v1/wallet/top-ups',
      { amountMinor: 100, externalReference: randomUUID() },
      authorization(customer),
    );
    const answered = performance.now();
    const view = await client.send('GET', '/v1/me/wallet', {
      ...authorization(customer),
      'x-consistency-token': topUp.headers['x-consistency-token'] ?? '',
    });
    if (view.headers['x-consistency'] !== 'caught-up') stale += 1;
    latencies.push(performance.now() - answered);
  }
  return { latencies: latencies.sort((a, b) => a - b), stale };
};

/** Customers with orders to one merchant; returns once the last order is in the read model. */
const placeOrders = async (client: HttpClient): Promise<Order[]> => {
  const merchant = await registerAccount(client, 'merchant');
  await client.post(
    `/v1/merchants/${merchant.userId}/products`,
    { sku: 'tea', name: 'Tea', priceMinor: 200 },
    authorization(merchant),
  );
  const orders: Order[] = [];
  let token = '';
  for (let index = 0; index < CUSTOMERS; index += 1) {
    const customer = await registerAccount(client, 'customer');
    for (let count = 0; count < ORDERS_PER_CUSTOMER; count += 1) {
      const orderId = randomUUID();
      const body = { orderId, merchantId: merchant.userId, items: [{ sku: 'tea', quantity: 1 }] };
      const placed = await client.post('/v1/orders', body, authorization(customer));
      if (placed.status !== 201) throw new Error(`order failed: ${placed.status} ${placed.body}`);
      token = placed.headers['x-consistency-token'] ?? '';
      orders.push({ orderId, customer });
    }
  }
  const last = orders.at(-1)!;
  await client.send('GET', `/v1/orders/${last.orderId}`, {
    ...authorization(last.customer),
    'x-consistency-token': token,
  });
  return orders;
};

type Endpoint = Readonly<{ name: string; server: ServerProcess; next: () => LoadRequest }>;
type Measured = Readonly<{ run: LatencyRun; cpuMsPerRequest: number }>;

const measure = async (endpoint: Endpoint): Promise<Measured> => {
  const load = (durationMs: number) =>
    httpLoad({
      url: endpoint.server.url,
      connections: CONCURRENCY,
      durationMs,
      next: endpoint.next,
      succeeded: (status) => status === 200,
    });
  await load(WARM_UP_MS);
  const cpuBefore = endpoint.server.cpuMs();
  const run = await load(DURATION_MS);
  return { run, cpuMsPerRequest: (endpoint.server.cpuMs() - cpuBefore) / run.latenciesMs.length };
};

/** Each round measures every endpoint, starting with a different one, so drift hits them alike. */
const measureRounds = async (endpoints: readonly Endpoint[]): Promise<Measured[][]> => {
  const rounds: Measured[][] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const results: Measured[] = [];
    for (let step = 0; step < endpoints.length; step += 1) {
      const index = (round + step) % endpoints.length;
      results[index] = await measure(endpoints[index]!);
    }
    rounds.push(results);
  }
  return rounds;
};

const medianRow = (name: string, runs: readonly Measured[]): string[] => {
  const of = (pick: (measured: Measured) => number) => median(runs.map(pick));
  return [
    name,
    formatRate(of(({ run }) => run.perSecond)),
    of(({ run }) => percentile(run.latenciesMs, 50)).toFixed(1),
    of(({ run }) => percentile(run.latenciesMs, 99)).toFixed(1),
    String(runs.reduce((sum, { run }) => sum + run.errors, 0)),
    of(({ cpuMsPerRequest }) => cpuMsPerRequest).toFixed(2),
  ];
};

/** Read-your-writes latency, and the order view under load beside express + pg doing the same SELECT. */
export const queriesBenchmark = async (): Promise<void> => {
  // The roles `npm start` runs but the broker-bound ones, in one process (in-process wake-ups).
  const server = await startBuiltServer(['commands', 'processor', 'queries', 'projector']);
  const bare = await startBareEndpoints(server.database);
  const client = httpClient(server.url, 4);
  try {
    const { latencies: visible, stale } = await commandToVisible(
      client,
      await registerAccount(client, 'customer'),
    );
    console.log(`command → visible in the read model (${visible.length} top-ups, then GET with the token):`);
    console.log(
      `p50 ${percentile(visible, 50).toFixed(1)} ms, p99 ${percentile(visible, 99).toFixed(1)} ms, ${stale} stale\n`,
    );
    const orders = await placeOrders(client);
    const anOrder = () => orders[Math.floor(Math.random() * orders.length)]!;
    const endpoints: Endpoint[] = [
      { name: 'express, empty route', server: bare, next: () => ({ method: 'GET', path: '/hello' }) },
      {
        name: 'bare express + pg',
        server: bare,
        next: () => ({ method: 'GET', path: `/orders/${anOrder().orderId}` }),
      },
      {
        name: 'query API',
        server,
        next: () => {
          const { orderId, customer } = anOrder();
          return { method: 'GET', path: `/v1/orders/${orderId}`, headers: authorization(customer) };
        },
      },
    ];
    const rounds = await measureRounds(endpoints);
    console.log(
      `GET order detail (${orders.length} orders of ${CUSTOMERS} customers, at random), ${CONCURRENCY} ` +
        `concurrent clients (autocannon), ${DURATION_MS / 1000} s per run after ${WARM_UP_MS / 1000} s of ` +
        `warm-up, ${ROUNDS} rounds, medians; ${cpus().length} cores, each server in a process of its own:\n`,
    );
    console.log(
      markdownTable(
        ['endpoint', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/request'],
        endpoints.map((endpoint, index) =>
          medianRow(
            endpoint.name,
            rounds.map((round) => round[index]!),
          ),
        ),
      ),
    );
    const ratios = rounds.map((round) => round[2]!.run.perSecond / round[1]!.run.perSecond);
    console.log(
      `\nquery API / bare express + pg: ${median(ratios).toFixed(2)} (rounds: ` +
        `${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`,
    );
  } finally {
    client.close();
    await bare.stop();
    await server.stop();
  }
};
