import { ConfigError, type Env, EnvReader } from './env';

export const DEV_JWT_SECRET = 'orderly-development-secret-do-not-use-in-production';
const DEV_WEBHOOK_SECRET = 'orderly-development-webhook-secret';

export type Config = ReturnType<typeof loadConfig>;

/**
 * Reads and validates every setting at start. Production refuses development secrets; see
 * docs/operations.md for the table of variables.
 */
export const loadConfig = (env: Env = process.env) => {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development');
  const production = nodeEnv === 'production';

  const config = {
    nodeEnv,
    production,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    http: {
      host: read.string('HOST', '0.0.0.0'),
      port: read.int('PORT', 3000, { min: 0, max: 65535 }),
      bodyLimitBytes: read.int('HTTP_BODY_LIMIT_BYTES', 64 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
      rateLimitPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, { min: 1 }),
      authRateLimitPerMinute: read.int('AUTH_RATE_LIMIT_PER_MINUTE', 30, { min: 1 }),
      shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 100 }),
      trustProxy: read.optional('TRUST_PROXY'),
    },
    database: {
      url: read.url(
        'DATABASE_URL',
        ['postgres:', 'postgresql:'],
        'postgres://postgres@127.0.0.1:5432/orderly',
      ),
      schema: read.identifier('DATABASE_SCHEMA', 'public'),
      analyticsSchema: read.identifier('ANALYTICS_SCHEMA', 'analytics'),
      poolSize: read.int('DATABASE_POOL_SIZE', 20, { min: 1, max: 500 }),
      /** Each process applies pending migrations at start (a knex lock serialises concurrent starts). */
      migrateOnStart: read.oneOf('MIGRATE_ON_START', ['true', 'false'], 'true') === 'true',
      /** Long-open transactions hold back every subscriber of the Postgres event store (DESIGN §4). */
      idleInTransactionTimeoutMs: read.int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, { min: 0 }),
    },
    eventStore: {
      /** When set, EventStoreDB is the event store; otherwise the embedded Postgres store. */
      connectionString: read.optional('EVENTSTORE_CONNECTION_STRING'),
    },
    rabbitmq: {
      url: read.url('RABBITMQ_URL', ['amqp:', 'amqps:'], 'amqp://guest:guest@127.0.0.1:5672'),
      exchangePrefix: read.identifier('RABBITMQ_PREFIX', 'orderly'),
      prefetch: read.int('RABBITMQ_PREFETCH', 32, { min: 1, max: 10_000 }),
    },
    auth: {
      jwtSecret: read.string('JWT_SECRET', production ? undefined : DEV_JWT_SECRET),
      issuer: read.string('JWT_ISSUER', 'orderly'),
      audience: read.string('JWT_AUDIENCE', 'orderly-mobile'),
      accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
      refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, { min: 60 }),
      /** log2 of scrypt's N; production refuses less than 14. Tests lower it to stay fast. */
      passwordHashCost: read.int('PASSWORD_HASH_COST', 15, { min: 10, max: 20 }),
      adminEmail: read.optional('ADMIN_EMAIL'),
      adminPassword: read.optional('ADMIN_PASSWORD'),
    },
    commands: {
      idempotencyTtlSeconds: read.int('IDEMPOTENCY_TTL_SECONDS', 86_400, { min: 60 }),
      conflictRetries: read.int('COMMAND_CONFLICT_RETRIES', 5, { min: 0, max: 50 }),
    },
    queries: {
      consistencyWaitMs: read.int('CONSISTENCY_WAIT_MS', 2_000, { min: 0, max: 60_000 }),
    },
    money: {
      currency: read.string('CURRENCY', 'EUR'),
      platformFeeBasisPoints: read.int('PLATFORM_FEE_BPS', 0, { min: 0, max: 10_000 }),
    },
    push: {
      provider: read.oneOf('PUSH_PROVIDER', ['log', 'webhook'], 'log'),
      webhookUrl: read.optional('PUSH_WEBHOOK_URL'),
      webhookSecret: read.string('PUSH_WEBHOOK_SECRET', production ? undefined : DEV_WEBHOOK_SECRET),
      timeoutMs: read.int('PUSH_TIMEOUT_MS', 5_000, { min: 100 }),
    },
  };

  read.check(/^[A-Z]{3}$/.test(config.money.currency), 'CURRENCY must be an ISO 4217 code such as EUR');
  read.check(config.auth.jwtSecret.length >= 32, 'JWT_SECRET must be at least 32 characters');
  if (production) {
    read.check(
      config.auth.jwtSecret !== DEV_JWT_SECRET,
      'JWT_SECRET must not be the development secret in production',
    );
    read.check(
      config.push.webhookSecret !== DEV_WEBHOOK_SECRET,
      'PUSH_WEBHOOK_SECRET must not be the development secret in production',
    );
  }
  if (config.push.provider === 'webhook') {
    read.check(
      config.push.webhookUrl !== undefined,
      'PUSH_WEBHOOK_URL is required when PUSH_PROVIDER=webhook',
    );
  }
  if ((config.auth.adminEmail === undefined) !== (config.auth.adminPassword === undefined)) {
    read.problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
};
