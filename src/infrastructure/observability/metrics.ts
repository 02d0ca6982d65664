import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { watchHeapAfterGc } from './heapAfterGc';

/** Every Prometheus series of the process, in one registry served at /metrics. */
export type ProjectionLag = Readonly<{ name: string; lagEvents: number; lagSeconds: number; parked: number }>;

export type MetricSources = Readonly<{
  /** Read at scrape time; a long-open transaction holds back every Postgres-store subscriber. */
  oldestTransactionAgeSeconds?: () => Promise<number>;
  /** Events not yet published (counted up to a cap), read at scrape time. */
  publisherBacklog?: () => Promise<number>;
  /** Read at scrape time, once for the three projection gauges. */
  projectionLag?: () => Promise<readonly ProjectionLag[]>;
}>;

/** One status query per scrape, shared by the gauges that are collected one after another. */
const sharedPerScrape = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let pending: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (pending === undefined || Date.now() - pending.at > 500) pending = { at: Date.now(), value: read() };
    return pending.value;
  };
};

export const createMetrics = (sources: MetricSources = {}) => {
  const registry = new Registry();
  const readLag = sharedPerScrape(async () => (await sources.projectionLag?.()) ?? []);
  const lagCollector = (pick: (lag: ProjectionLag) => number) =>
    async function collect(this: Gauge<'projection'>) {
      for (const lag of await readLag()) this.set({ projection: lag.name }, pick(lag));
    };
  collectDefaultMetrics({ register: registry });
  const heapAfterGc = watchHeapAfterGc();
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'orderly_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    commandOutcomes: new Counter({
      name: 'orderly_command_outcomes_total',
      help: 'Commands handled, by command and outcome (ok, rejected, conflict, error)',
      labelNames: ['command', 'outcome'] as const,
      registers,
    }),
    appendDuration: new Histogram({
      name: 'orderly_event_append_duration_seconds',
      help: 'Event store append latency',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers,
    }),
    projectionLagEvents: new Gauge({
      name: 'orderly_projection_lag_events',
      help: 'Events in the store not yet applied by a projection',
      labelNames: ['projection'] as const,
      registers,
      collect: lagCollector((lag) => lag.lagEvents),
    }),
    projectionLagSeconds: new Gauge({
      name: 'orderly_projection_lag_seconds',
      help: 'Age of the oldest event a projection has not applied yet',
      labelNames: ['projection'] as const,
      registers,
      collect: lagCollector((lag) => lag.lagSeconds),
    }),
    projectionParked: new Gauge({
      name: 'orderly_projection_parked_events',
      help: 'Events parked in the dead-letter table, by projection',
      labelNames: ['projection'] as const,
      registers,
      collect: lagCollector((lag) => lag.parked),
    }),
    publisherConfirms: new Counter({
      name: 'orderly_publisher_confirmed_messages_total',
      help: 'Messages confirmed by RabbitMQ',
      labelNames: ['kind'] as const,
      registers,
    }),
    publisherBacklog: new Gauge({
      name: 'orderly_publisher_backlog_events',
      help: 'Events not yet published (counted up to 1,000)',
      registers,
      async collect() {
        if (sources.publisherBacklog !== undefined) this.set(await sources.publisherBacklog());
      },
    }),
    notifierDeliveries: new Counter({
      name: 'orderly_notifier_deliveries_total',
      help: 'Push deliveries by outcome (delivered, invalid_token, retried, dead_lettered, duplicate)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    oldestTransactionAge: new Gauge({
      name: 'orderly_postgres_oldest_transaction_age_seconds',
      help: 'Age of the oldest open transaction on the database; a long one holds back every subscriber',
      registers,
      async collect() {
        if (sources.oldestTransactionAgeSeconds !== undefined)
          this.set(await sources.oldestTransactionAgeSeconds());
      },
    }),
    heapAfterGc: new Gauge({
      name: 'orderly_heap_used_after_gc_bytes',
      help: 'V8 heap in use right after the last major garbage collection: what the process retains (0 before the first)',
      registers,
      collect() {
        this.set(heapAfterGc() ?? 0);
      },
    }),
  };
};

export type Metrics = ReturnType<typeof createMetrics>;

/** Labels by the matched route pattern (not the raw URL) so ids do not explode the series count. */
export const httpMetricsMiddleware =
  (metrics: Metrics): RequestHandler =>
  (req, res, next) => {
    const stop = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      stop({
        route: route === undefined ? 'unmatched' : `${req.baseUrl}${route}`,
        status: String(res.statusCode),
      });
    });
    next();
  };

export const metricsEndpoint =
  (metrics: Metrics): RequestHandler =>
  async (req, res, next) => {
    if (req.path !== '/metrics' || req.method !== 'GET') return next();
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
