/** Knobs of the fault suite, from the environment: small values while developing, the defaults for the report. */
const intFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};

export const faultSettings = () => ({
  databaseUrl:
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/orderly_test',
  rabbitmqUrl: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  /** Kills of each of projector, processor and publisher in the kill scenario. */
  killsPerRole: intFromEnv('FAULTS_KILLS_PER_ROLE', 20),
  /** Concurrent request loops of the load generator. */
  concurrency: intFromEnv('FAULTS_CONCURRENCY', 4),
  /** Target request rate of the load generator (requests per second, all loops together). */
  ratePerSecond: intFromEnv('FAULTS_RATE', 40),
  customers: intFromEnv('FAULTS_CUSTOMERS', 12),
  merchants: intFromEnv('FAULTS_MERCHANTS', 3),
  /** Length of the sustained-load scenario. */
  loadSeconds: intFromEnv('FAULTS_LOAD_SECONDS', 600),
  /** Requests of the hostile-input battery. */
  hostileRequests: intFromEnv('FAULTS_HOSTILE_REQUESTS', 10_000),
  /** How long a broker or database outage lasts. */
  outageSeconds: intFromEnv('FAULTS_OUTAGE_SECONDS', 8),
  /** How long the long-open transaction stays open. */
  longTransactionSeconds: intFromEnv('FAULTS_LONG_TRANSACTION_SECONDS', 15),
  /** Longest wait for projections, processor, publisher and notifier to settle after the load. */
  settleTimeoutSeconds: intFromEnv('FAULTS_SETTLE_TIMEOUT_SECONDS', 180),
  /** Keep the schema and the logs of the run for inspection. */
  keep: process.env.FAULTS_KEEP === '1',
  /** Extra node flags for every role process (`--trace-gc`, `--heapsnapshot-signal=SIGUSR2`, ...). */
  nodeArgs: (process.env.FAULTS_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
});

export type FaultSettings = ReturnType<typeof faultSettings>;
