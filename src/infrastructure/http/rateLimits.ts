import type { RequestHandler } from 'express';
import { ipKeyGenerator, type Options, rateLimit } from 'express-rate-limit';
import { OrderlyError } from '../../domain/shared/errors';

const WINDOW_MS = 60_000;

const limiter = (limitPerMinute: number, keyOf: Options['keyGenerator']): RequestHandler =>
  rateLimit({
    windowMs: WINDOW_MS,
    limit: limitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: keyOf,
    handler: (_req, _res, next) =>
      next(
        new OrderlyError('rate_limited', 'RATE_LIMITED', 'Too many requests; retry later.', {
          retryAfterSeconds: Math.ceil(WINDOW_MS / 1000),
        }),
      ),
  });

/**
 * Per client address, before authentication (protects login and registration), and per user after it.
 * Counters live in each process: with N replicas the effective limit is N times the setting.
 */
export const rateLimitByIp = (limitPerMinute: number): RequestHandler =>
  limiter(limitPerMinute, (req) => ipKeyGenerator(req.ip ?? 'unknown'));

export const rateLimitByUser = (limitPerMinute: number): RequestHandler =>
  limiter(limitPerMinute, (req, res) => res.locals.principal?.userId ?? ipKeyGenerator(req.ip ?? 'unknown'));
