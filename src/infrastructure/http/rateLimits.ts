import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { OrderlyError } from '../../domain/shared/errors';

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window shared by every key, counted synchronously in memory: the counters of a window
 * are dropped whole when it ends, so memory is bounded by the clients seen in one minute. (express-rate-limit
 * did the same job through several awaits, validations and a store per request: a visible share of a
 * command's CPU.) Sends the IETF draft-7 `RateLimit-Policy` and `RateLimit` headers; over the limit, a 429
 * with Retry-After until the window ends.
 */
const limiter = (limitPerMinute: number, keyOf: (req: Request, res: Response) => string): RequestHandler => {
  const policy = `${limitPerMinute};w=${WINDOW_MS / 1000}`;
  let windowEndsAt = 0;
  let hits = new Map<string, number>();
  return (req, res, next) => {
    const now = Date.now();
    if (now >= windowEndsAt) {
      hits = new Map();
      windowEndsAt = now + WINDOW_MS;
    }
    const key = keyOf(req, res);
    const used = (hits.get(key) ?? 0) + 1;
    hits.set(key, used);
    const resetSeconds = Math.ceil((windowEndsAt - now) / 1000);
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader(
      'RateLimit',
      `limit=${limitPerMinute}, remaining=${Math.max(limitPerMinute - used, 0)}, reset=${resetSeconds}`,
    );
    if (used > limitPerMinute) {
      throw new OrderlyError('rate_limited', 'RATE_LIMITED', 'Too many requests; retry later.', {
        retryAfterSeconds: resetSeconds,
      });
    }
    next();
  };
};

/** IPv6 clients are counted per /56, as one customer's router hands out many addresses. */
const addressOf = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * Per client address, before authentication (protects login and registration), and per user after it.
 * Counters live in each process: with N replicas the effective limit is N times the setting.
 */
export const rateLimitByIp = (limitPerMinute: number): RequestHandler => limiter(limitPerMinute, addressOf);

export const rateLimitByUser = (limitPerMinute: number): RequestHandler =>
  limiter(limitPerMinute, (req, res) => res.locals.principal?.userId ?? addressOf(req));
