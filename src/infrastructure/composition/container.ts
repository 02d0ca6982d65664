import { randomUUID } from 'node:crypto';
import { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import { createCommandHandler } from '../../application/commands/handleCommand';
import type { EventStore } from '../../application/eventStore/eventStore';
import { type Clock, type IdGenerator, systemClock } from '../../application/ports';
import { createAccounts } from '../../application/identity/accounts';
import { readModelProjections } from '../../projections/all';
import { projectionStatus } from '../../projections/runner/status';
import { auditIndexProjection } from '../../projections/auditIndex/projection';
import { devicesProjection } from '../../projections/devices/projection';
import { createAccessTokens } from '../auth/accessTokens';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { createRefreshTokens } from '../auth/refreshTokens';
import type { Config } from '../config/config';
import { createKnex, createPool, type DatabaseSettings } from '../db/postgres';
import { EsdbEventStore } from '../eventstore/esdb/esdbEventStore';
import { oldestOpenTransactionAgeSeconds } from '../eventstore/postgres/monitoring';
import { PostgresEventStore } from '../eventstore/postgres/postgresEventStore';
import { commandRouteDeps } from '../http/commands/deps';
import { createIdempotencyStore } from '../http/idempotency/store';
import type { Logger } from '../logging/logger';
import { withAppendTiming } from '../observability/instrumentation';
import { createMetrics, type Metrics } from '../observability/metrics';
import { loadPublisherCheckpoint } from '../messaging/publisherCheckpoints';
import { TOKENS } from './tokens';

const PUBLISHER_NAME = 'rabbitmq';
const BACKLOG_COUNT_CAP = 1_000;

const databaseSettings = (config: Config): DatabaseSettings => ({
  url: config.database.url,
  schema: config.database.schema,
  poolSize: config.database.poolSize,
  idleInTransactionTimeoutMs: config.database.idleInTransactionTimeoutMs,
});

const createEventStore = (config: Config, pool: Pool, logger: Logger): EventStore =>
  config.eventStore.connectionString === undefined
    ? new PostgresEventStore(pool, { logger })
    : EsdbEventStore.fromConnectionString(config.eventStore.connectionString);

/**
 * The composition root: the one place that knows every concrete class. Everything is a singleton built on
 * first use, so a process running only some roles opens only the connections those roles need.
 */
export const createContainer = (config: Config, logger: Logger): Container => {
  const container = new Container({ defaultScope: 'Singleton' });
  const bind = <T>(token: symbol, build: (get: <U>(token: symbol) => U) => T): void => {
    container.bind<T>(token).toDynamicValue((context) => build((dependency) => context.get(dependency)));
  };

  container.bind<Config>(TOKENS.config).toConstantValue(config);
  container.bind<Logger>(TOKENS.logger).toConstantValue(logger);
  container.bind<Clock>(TOKENS.clock).toConstantValue(systemClock);
  container.bind<IdGenerator>(TOKENS.ids).toConstantValue({ newId: randomUUID });
  bind(TOKENS.metrics, () =>
    createMetrics({
      oldestTransactionAgeSeconds: () => oldestOpenTransactionAgeSeconds(container.get<Pool>(TOKENS.pool)),
      publisherBacklog: async () => {
        const store = container.get<EventStore>(TOKENS.eventStore);
        const from = await loadPublisherCheckpoint(container.get<Knex>(TOKENS.knex), PUBLISHER_NAME);
        return (await store.readAll({ from, maxCount: BACKLOG_COUNT_CAP })).length;
      },
      projectionLag: () =>
        projectionStatus(container.get<Knex>(TOKENS.knex), container.get<EventStore>(TOKENS.eventStore)),
    }),
  );
  bind(TOKENS.pool, () =>
    createPool(databaseSettings(config), (error) =>
      logger.warn({ err: error }, 'idle database connection lost'),
    ),
  );
  bind(TOKENS.knex, () => createKnex(databaseSettings(config)));
  bind(TOKENS.eventStore, (get) =>
    withAppendTiming(createEventStore(config, get<Pool>(TOKENS.pool), logger), get<Metrics>(TOKENS.metrics)),
  );
  bind(TOKENS.commandHandler, (get) =>
    createCommandHandler({
      store: get<EventStore>(TOKENS.eventStore),
      ids: get<IdGenerator>(TOKENS.ids),
      conflictRetries: config.commands.conflictRetries,
    }),
  );
  bind(TOKENS.accessTokens, () =>
    createAccessTokens({
      secret: config.auth.jwtSecret,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: config.auth.accessTokenTtlSeconds,
    }),
  );
  bind(TOKENS.refreshTokens, (get) =>
    createRefreshTokens(get<Knex>(TOKENS.knex), config.auth.refreshTokenTtlSeconds),
  );
  bind(TOKENS.idempotencyStore, (get) =>
    createIdempotencyStore(get<Knex>(TOKENS.knex), config.commands.idempotencyTtlSeconds),
  );
  bind(TOKENS.commandRouteDeps, (get) =>
    commandRouteDeps({
      commands: get(TOKENS.commandHandler),
      clock: get(TOKENS.clock),
      ids: get(TOKENS.ids),
      currency: config.money.currency,
      accessTokens: get(TOKENS.accessTokens),
      refreshTokens: get(TOKENS.refreshTokens),
      idempotencyStore: get(TOKENS.idempotencyStore),
      rateLimitPerMinute: config.http.rateLimitPerMinute,
      authRateLimitPerMinute: config.http.authRateLimitPerMinute,
      metrics: get(TOKENS.metrics),
    }),
  );
  bind(TOKENS.accounts, (get) =>
    createAccounts({
      commands: get(TOKENS.commandHandler),
      hasher: {
        hash: (password) => hashPassword(password, config.auth.passwordHashCost),
        verify: verifyPassword,
      },
      clock: get(TOKENS.clock),
      ids: get(TOKENS.ids),
    }),
  );
  bind(TOKENS.projections, () => [
    ...readModelProjections({ analyticsSchema: config.database.analyticsSchema }),
    devicesProjection,
    auditIndexProjection,
  ]);
  return container;
};
