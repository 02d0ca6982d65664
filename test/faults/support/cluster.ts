import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { messagingSettings } from '../../../src/infrastructure/messaging/settings';
import { deleteTopology, topologyNames } from '../../../src/infrastructure/messaging/topology';
import type { RoleName } from '../../../src/infrastructure/roles/role';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { RoleProcess } from './roleProcess';
import type { FaultSettings } from './settings';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

export const JWT_SECRET = `faults-${randomBytes(24).toString('hex')}`;

/** The first admin, created by the commands role from ADMIN_EMAIL / ADMIN_PASSWORD. */
export const ADMIN = { email: 'admin@faults.example.com', password: 'faults admin password' } as const;

/** Each killable role runs alone; the two APIs share a process the load generator talks to. */
export const SPLIT_LAYOUT = {
  api: ['commands', 'queries'],
  projector: ['projector'],
  processor: ['processor'],
  publisher: ['publisher'],
  notifier: ['notifier'],
} as const satisfies Record<string, readonly RoleName[]>;

export type ProcessName = keyof typeof SPLIT_LAYOUT;

export type Cluster = Readonly<{
  database: TestDatabase;
  store: PostgresEventStore;
  receiver: WebhookReceiver;
  processes: Readonly<Partial<Record<ProcessName, RoleProcess>>>;
  process: (name: ProcessName) => RoleProcess;
  apiUrl: () => string;
  logDir: string;
  teardown: (failed: boolean) => Promise<void>;
}>;

const processEnv = (settings: FaultSettings, database: TestDatabase, prefix: string, webhook: string) => ({
  ...(process.env as Record<string, string>),
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATABASE_URL: database.settings.url,
  DATABASE_SCHEMA: database.settings.schema,
  ANALYTICS_SCHEMA: database.analyticsSchema,
  DATABASE_POOL_SIZE: '10',
  MIGRATE_ON_START: 'false',
  RABBITMQ_URL: settings.rabbitmqUrl,
  RABBITMQ_PREFIX: prefix,
  JWT_SECRET,
  PASSWORD_HASH_COST: '10',
  RATE_LIMIT_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  PUSH_PROVIDER: 'webhook',
  PUSH_WEBHOOK_URL: webhook,
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
});

const removeTopology = async (url: string, prefix: string): Promise<void> => {
  const connection = await connect(url);
  try {
    const settings = messagingSettings({ url, exchangePrefix: prefix, prefetch: 1 });
    await deleteTopology(await connection.createChannel(), topologyNames(prefix), settings.retryDelaysMs);
  } finally {
    await connection.close().catch(() => undefined);
  }
};

/** A fresh schema, a fresh RabbitMQ prefix, a webhook receiver, and the role processes of `layout`. */
export const startCluster = async (
  settings: FaultSettings,
  entry: string,
  layout: Partial<Record<ProcessName, readonly RoleName[]>> = SPLIT_LAYOUT,
): Promise<Cluster> => {
  const database = await createTestDatabase({ poolSize: 8 });
  database.pool.on('error', () => undefined); // idle connections die when the database restarts; fine here
  const prefix = `faults_${randomBytes(4).toString('hex')}`;
  const receiver = await startWebhookReceiver();
  const logDir = mkdtempSync(join(tmpdir(), 'orderly-faults-'));
  const env = processEnv(settings, database, prefix, receiver.url);
  const processes: Partial<Record<ProcessName, RoleProcess>> = {};
  for (const [name, roles] of Object.entries(layout) as [ProcessName, readonly RoleName[]][]) {
    processes[name] = new RoleProcess({ name, roles, entry, nodeArgs: settings.nodeArgs, env, logDir });
  }
  await Promise.all(Object.values(processes).map((child) => child.start()));
  const process = (name: ProcessName): RoleProcess => {
    const child = processes[name];
    if (child === undefined) throw new Error(`no ${name} process in this cluster`);
    return child;
  };
  const store = new PostgresEventStore(database.pool);
  const teardown = async (failed: boolean) => {
    await Promise.all(Object.values(processes).map((child) => child.stop()));
    await receiver.close();
    await removeTopology(settings.rabbitmqUrl, prefix).catch(() => undefined);
    await store.close();
    if (settings.keep || failed) {
      await database.pool.end();
      await database.knex.destroy();
      return;
    }
    await database.drop();
    rmSync(logDir, { recursive: true, force: true });
  };
  return {
    database,
    store,
    receiver,
    processes,
    process,
    apiUrl: () => process('api').url,
    logDir,
    teardown,
  };
};
