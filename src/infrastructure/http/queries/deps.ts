import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { EventStore } from '../../../application/eventStore/eventStore';
import type { Projection } from '../../../projections/runner/projection';
import type { AccessTokens } from '../../auth/accessTokens';
import { authenticate } from '../authenticate';
import { rateLimitByUser } from '../rateLimits';

export type QueryRouteSettings = Readonly<{
  /** Reads the read models only; the event store is for the operators' status view (lag), nothing else. */
  knex: Knex;
  store: EventStore;
  projections: readonly Projection[];
  accessTokens: AccessTokens;
  /** How long a request carrying a consistency token may wait for the read models (config queries). */
  consistencyWaitMs: number;
  rateLimitPerMinute: number;
}>;

export type QueryRouteDeps = QueryRouteSettings & Readonly<{ authenticated: readonly RequestHandler[] }>;

export const queryRouteDeps = (settings: QueryRouteSettings): QueryRouteDeps => ({
  ...settings,
  authenticated: [authenticate(settings.accessTokens), rateLimitByUser(settings.rateLimitPerMinute)],
});
