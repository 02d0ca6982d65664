import type { Router } from 'express';
import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { AccessTokens } from '../auth/accessTokens';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { analyticsRoutes } from '../http/analytics/routes';
import { auditRoutes } from '../http/audit/routes';

/** The auditors' router, built from the container (for the role that serves queries). */
export const auditRouterFrom = (container: Container): Router =>
  auditRoutes({
    store: container.get<EventStore>(TOKENS.eventStore),
    knex: container.get<Knex>(TOKENS.knex),
    accessTokens: container.get<AccessTokens>(TOKENS.accessTokens),
    rateLimitPerMinute: container.get<Config>(TOKENS.config).http.rateLimitPerMinute,
  });

/** The analysts' router, reading the analytics schema named in the configuration. */
export const analyticsRouterFrom = (container: Container): Router => {
  const config = container.get<Config>(TOKENS.config);
  return analyticsRoutes({
    knex: container.get<Knex>(TOKENS.knex),
    analyticsSchema: config.database.analyticsSchema,
    accessTokens: container.get<AccessTokens>(TOKENS.accessTokens),
    rateLimitPerMinute: config.http.rateLimitPerMinute,
  });
};
