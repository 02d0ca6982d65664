import type { Express } from 'express';
import request from 'supertest';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createAccessTokens } from '../../../src/infrastructure/auth/accessTokens';
import type { Principal } from '../../../src/infrastructure/auth/principal';
import { createHttpApp } from '../../../src/infrastructure/http/app';
import { queryRouteDeps } from '../../../src/infrastructure/http/queries/deps';
import { projectionOperationRoutes } from '../../../src/infrastructure/http/queries/operations';
import { queryRoutes } from '../../../src/infrastructure/http/queries/routes';
import { createLogger } from '../../../src/infrastructure/logging/logger';
import { readModelProjections } from '../../../src/projections/all';
import { type ProjectionRunners, startProjectionRunners } from '../../../src/projections/runner/runners';
import { startTestApp, type TestApp } from '../../support/testApp';

export type QueryTestBed = Readonly<{
  commands: TestApp;
  /** The query API as an Express app (supertest it, or listen on a port). */
  app: Express;
  queries: () => ReturnType<typeof request>;
  tokenFor: (principal: Principal) => string;
  stop: () => Promise<void>;
}>;

/**
 * The command side runs as the real process (commands and the payment processor); the query API and the
 * projector are composed here over the same schema, as the queries and projector roles would be.
 */
export const startQueryTestBed = async (consistencyWaitMs = 3_000): Promise<QueryTestBed> => {
  const commands = await startTestApp(['commands', 'processor']);
  const { config, database } = commands;
  const store = new PostgresEventStore(database.pool);
  const projections = readModelProjections({ analyticsSchema: database.analyticsSchema });
  const runners: ProjectionRunners = startProjectionRunners(
    { knex: database.knex, pool: database.pool, store },
    projections,
  );
  const accessTokens = createAccessTokens({
    secret: config.auth.jwtSecret,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: config.auth.accessTokenTtlSeconds,
  });
  const deps = queryRouteDeps({
    knex: database.knex,
    store,
    projections,
    accessTokens,
    consistencyWaitMs,
    rateLimitPerMinute: 100_000,
  });
  const app: Express = createHttpApp({
    logger: createLogger('silent'),
    bodyLimitBytes: 64 * 1024,
    rateLimitPerMinute: 100_000,
    routers: [queryRoutes(deps), projectionOperationRoutes(deps)],
  });
  return {
    commands,
    app,
    queries: () => request(app),
    tokenFor: (principal) => accessTokens.issue(principal).token,
    stop: async () => {
      await runners.stop();
      await store.close();
      await commands.stop();
    },
  };
};
