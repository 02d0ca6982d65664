import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { EventStore } from '../application/eventStore/eventStore';
import { TOKENS } from './composition/tokens';
import { createContainer } from './composition/container';
import { type Config, loadConfig } from './config/config';
import { ConfigError } from './config/env';
import { ensureDatabase } from './db/ensureDatabase';
import { migrateToLatest } from './db/migrate';
import { createHttpApp } from './http/app';
import { openApiHandlers } from './http/openapi/handlers';
import { orderlyOpenApiDocument } from './http/openapi/operations';
import { createLogger, type Logger } from './logging/logger';
import { healthEndpoints, type ReadinessCheck } from './observability/health';
import { httpMetricsMiddleware, type Metrics, metricsEndpoint } from './observability/metrics';
import { isRoleName, ROLE_NAMES, type RoleName, type StartedRole } from './roles/role';
import { roleStarters } from './roles/starters';
import type { Pool } from 'pg';

export type RunningProcess = Readonly<{ server: Server; url: string; stop: () => Promise<void> }>;

const parseRoles = (args: readonly string[]): RoleName[] => {
  const unknown = args.filter((arg) => !isRoleName(arg));
  if (unknown.length > 0) {
    throw new ConfigError([`unknown role(s) ${unknown.join(', ')}; roles are ${ROLE_NAMES.join(', ')}`]);
  }
  return args.length === 0 ? [...ROLE_NAMES] : [...new Set(args as RoleName[])];
};

const prepareDatabase = async (config: Config, container: Container, logger: Logger): Promise<void> => {
  if (!config.database.migrateOnStart) return;
  if (!config.production) await ensureDatabase(config.database.url);
  const applied = await migrateToLatest(container.get<Knex>(TOKENS.knex), {
    schema: config.database.schema,
    analyticsSchema: config.database.analyticsSchema,
  });
  logger.info({ applied }, applied.length === 0 ? 'database schema is up to date' : 'migrations applied');
};

const listen = (server: Server, host: string, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

const closeResources = async (container: Container): Promise<void> => {
  await container.get<EventStore>(TOKENS.eventStore).close();
  await container.get<Pool>(TOKENS.pool).end();
  await container.get<Knex>(TOKENS.knex).destroy();
};

/** Roles in one process share dependencies: each is checked once. */
const uniqueByName = (checks: readonly ReadinessCheck[]): ReadinessCheck[] => [
  ...new Map(checks.map((check) => [check.name, check])).values(),
];

/** Starts the given roles in this process behind one HTTP server (routes, /healthz, /readyz, /metrics). */
export const startProcess = async (
  config: Config,
  logger: Logger,
  roles: readonly RoleName[],
): Promise<RunningProcess> => {
  const container = createContainer(config, logger);
  await prepareDatabase(config, container, logger);
  const started: StartedRole[] = [];
  for (const role of roles) started.push(await roleStarters[role](container));
  const metrics = container.get<Metrics>(TOKENS.metrics);
  const app = createHttpApp({
    logger,
    bodyLimitBytes: config.http.bodyLimitBytes,
    rateLimitPerMinute: config.http.rateLimitPerMinute,
    trustProxy: config.http.trustProxy,
    operational: [
      httpMetricsMiddleware(metrics),
      metricsEndpoint(metrics),
      healthEndpoints(() => uniqueByName(started.flatMap((role) => role.readiness ?? []))),
      ...openApiHandlers(orderlyOpenApiDocument()),
    ],
    routers: started.flatMap((role) => role.routers ?? []),
  });
  const server = await startServer(app, config);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  const stop = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections that finish their in-flight request become idle later: close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(sweep);
    for (const role of [...started].reverse()) await role.stop?.();
    await closeResources(container);
  };
  return { server, url, stop };
};

const startServer = async (app: ReturnType<typeof createHttpApp>, config: Config): Promise<Server> => {
  const server = createServer(app);
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  await listen(server, config.http.host, config.http.port);
  return server;
};

const exitOnSignals = (running: RunningProcess, config: Config, logger: Logger): void => {
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: draining requests, finishing batches, storing checkpoints');
    const deadline = setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    deadline.unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

export const main = async (args: readonly string[]): Promise<void> => {
  let config: Config;
  let roles: RoleName[];
  try {
    config = loadConfig();
    roles = parseRoles(args);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel, { roles });
  const running = await startProcess(config, logger, roles);
  exitOnSignals(running, config, logger);
  logger.info(
    { url: running.url, roles, eventStore: config.eventStore.connectionString ? 'eventstoredb' : 'postgres' },
    'Orderly is running',
  );
  process.stdout.write(
    `Orderly listening on ${running.url} (roles: ${roles.join(', ')}) — API docs ${running.url}/docs, health ${running.url}/readyz, metrics ${running.url}/metrics\n`,
  );
};
