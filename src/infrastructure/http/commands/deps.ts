import type { RequestHandler } from 'express';
import type { CommandHandler } from '../../../application/commands/handleCommand';
import type { Clock, IdGenerator } from '../../../application/ports';
import type { AccessTokens } from '../../auth/accessTokens';
import type { RefreshTokens } from '../../auth/refreshTokens';
import { authenticate } from '../authenticate';
import type { IdempotencyStore } from '../idempotency/store';
import { idempotency } from '../idempotency/middleware';
import { rateLimitByIp, rateLimitByUser } from '../rateLimits';
import { commandOutcomes } from '../../observability/instrumentation';
import type { Metrics } from '../../observability/metrics';

export type CommandRouteDeps = Readonly<{
  commands: CommandHandler;
  clock: Clock;
  ids: IdGenerator;
  currency: string;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  /** Authenticated routes: token, per-user rate limit, Idempotency-Key. */
  authenticated: readonly RequestHandler[];
  /** Public POSTs that append (registration): Idempotency-Key. */
  anonymous: readonly RequestHandler[];
  /** Token endpoints: a tight per-address limit against credential stuffing. */
  credentials: readonly RequestHandler[];
}>;

export type CommandRouteSettings = Readonly<{
  commands: CommandHandler;
  clock: Clock;
  ids: IdGenerator;
  currency: string;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  idempotencyStore: IdempotencyStore;
  rateLimitPerMinute: number;
  authRateLimitPerMinute: number;
  metrics: Metrics;
}>;

export const commandRouteDeps = (settings: CommandRouteSettings): CommandRouteDeps => ({
  ...settings,
  authenticated: [
    commandOutcomes(settings.metrics),
    authenticate(settings.accessTokens),
    rateLimitByUser(settings.rateLimitPerMinute),
    idempotency(settings.idempotencyStore),
  ],
  anonymous: [
    commandOutcomes(settings.metrics),
    rateLimitByIp(settings.authRateLimitPerMinute),
    idempotency(settings.idempotencyStore),
  ],
  credentials: [rateLimitByIp(settings.authRateLimitPerMinute)],
});
