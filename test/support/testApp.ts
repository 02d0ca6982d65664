import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import request from 'supertest';
import { messagingSettings } from '../../src/infrastructure/messaging/settings';
import { deleteTopology, topologyNames } from '../../src/infrastructure/messaging/topology';
import { loadConfig, type Config } from '../../src/infrastructure/config/config';
import { createLogger, type Logger } from '../../src/infrastructure/logging/logger';
import { type RunningProcess, startProcess } from '../../src/infrastructure/main';
import type { RoleName } from '../../src/infrastructure/roles/role';
import { createTestDatabase, type TestDatabase } from './database';

export type TestApp = Readonly<{
  config: Config;
  database: TestDatabase;
  running: RunningProcess;
  http: () => ReturnType<typeof request>;
  stop: () => Promise<void>;
}>;

/**
 * The settings of a server under test: loopback on a free port, its own schemas and broker prefix, limits
 * no test or benchmark reaches, a cheap password hash.
 */
export const testServerEnv = (database: TestDatabase): Record<string, string> => ({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  DATABASE_URL: database.settings.url,
  DATABASE_SCHEMA: database.settings.schema,
  ANALYTICS_SCHEMA: database.analyticsSchema,
  DATABASE_POOL_SIZE: '20',
  RABBITMQ_PREFIX: `t_${randomBytes(4).toString('hex')}`,
  RATE_LIMIT_PER_MINUTE: '1000000',
  PASSWORD_HASH_COST: '10',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
});

/** The real process (chosen roles, real Postgres in a schema of its own) on a free loopback port. */
export const startTestApp = async (
  roles: readonly RoleName[],
  env: Readonly<Record<string, string>> = {},
  logger: Logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
): Promise<TestApp> => {
  const database = await createTestDatabase({ migrate: false });
  const config = loadConfig({ ...process.env, ...testServerEnv(database), ...env });
  const running = await startProcess(config, logger, roles);
  return {
    config,
    database,
    running,
    http: () => request(running.url),
    stop: async () => {
      await running.stop();
      if (roles.includes('publisher') || roles.includes('notifier')) await deleteBrokerTopology(config);
      await database.drop();
    },
  };
};

/** The exchanges and queues the messaging roles declared under this app's random prefix. */
const deleteBrokerTopology = async (config: Config): Promise<void> => {
  const settings = messagingSettings(config.rabbitmq);
  const connection = await connect(settings.url);
  try {
    const channel = await connection.createChannel();
    await deleteTopology(channel, topologyNames(settings.exchangePrefix), settings.retryDelaysMs);
  } finally {
    await connection.close();
  }
};

export type Session = Readonly<{ userId: string; accessToken: string; refreshToken: string; email: string }>;

export const registerUser = async (
  app: TestApp,
  role: 'customer' | 'merchant' = 'customer',
  password = 'a long enough password',
): Promise<Session> => {
  const email = `${role}-${randomUUID()}@example.com`;
  const registered = await app
    .http()
    .post('/v1/auth/register')
    .send({ email, password, displayName: `Test ${role}`, role });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
  return login(app, email, password);
};

export const login = async (app: TestApp, email: string, password: string): Promise<Session> => {
  const response = await app.http().post('/v1/auth/login').send({ email, password });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
  const body = response.body as { userId: string; accessToken: string; refreshToken: string };
  return { userId: body.userId, accessToken: body.accessToken, refreshToken: body.refreshToken, email };
};

export const bearer = (session: Session): [string, string] => [
  'Authorization',
  `Bearer ${session.accessToken}`,
];

/** Every event in the test's schema, oldest first (asserting what a request appended). */
export const storedEvents = async (
  app: TestApp,
): Promise<{ type: string; stream_name: string; data: Record<string, unknown> }[]> => {
  const { rows } = await app.database.pool.query<{
    type: string;
    stream_name: string;
    data: Record<string, unknown>;
  }>('select event_type as type, stream_name, data from events order by transaction_id, global_position');
  return rows;
};

export const eventCount = async (app: TestApp): Promise<number> => (await storedEvents(app)).length;
