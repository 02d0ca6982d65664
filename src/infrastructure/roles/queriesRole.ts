import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { Projection } from '../../projections/runner/projection';
import type { AccessTokens } from '../auth/accessTokens';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { analyticsRouterFrom, auditRouterFrom } from '../audit/routers';
import { inboxRoutes } from '../http/notifications/routes';
import type { Clock } from '../../application/ports';
import { queryRouteDeps } from '../http/queries/deps';
import { queryRoutes } from '../http/queries/routes';
import { projectionOperationRoutes } from '../http/queries/operations';
import { postgresReady } from './dependencies';
import type { RoleStarter } from './role';

/** The read side over HTTP: views from read models, plus the auditors' and analysts' endpoints. */
export const startQueries: RoleStarter = (container: Container) => {
  const config = container.get<Config>(TOKENS.config);
  const knex = container.get<Knex>(TOKENS.knex);
  const store = container.get<EventStore>(TOKENS.eventStore);
  const accessTokens = container.get<AccessTokens>(TOKENS.accessTokens);
  const rateLimitPerMinute = config.http.rateLimitPerMinute;
  const deps = queryRouteDeps({
    knex,
    store,
    projections: container.get<Projection[]>(TOKENS.projections),
    accessTokens,
    consistencyWaitMs: config.queries.consistencyWaitMs,
    rateLimitPerMinute,
  });
  return Promise.resolve({
    routers: [
      queryRoutes(deps),
      projectionOperationRoutes(deps),
      auditRouterFrom(container),
      inboxRoutes({ knex, clock: container.get<Clock>(TOKENS.clock), accessTokens, rateLimitPerMinute }),
      analyticsRouterFrom(container),
    ],
    readiness: [postgresReady(container)],
  });
};
