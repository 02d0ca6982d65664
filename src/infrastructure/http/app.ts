import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging/logger';
import { bodyGuard } from './bodyGuard';
import { errorMiddleware, notFoundHandler } from './problem';
import { rateLimitByIp } from './rateLimits';
import { securityHeaders } from './securityHeaders';

export type HttpAppOptions = Readonly<{
  logger: Logger;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  trustProxy?: string;
  /** Mounted before the routers (metrics, health): not rate limited, no body parsing needed. */
  operational?: readonly RequestHandler[];
  routers: readonly Router[];
}>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One Express app for whichever roles run in this process: security, logging, parsing, then routes. */
export const createHttpApp = (options: HttpAppOptions): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // views compute their own ETags; commands return the stream revision
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
      // The access log names the request and its outcome, nothing else: no headers (tokens), no bodies
      // (passwords). Unwrapped, pino's standard serializers do not copy every header first.
      wrapSerializers: false,
      serializers: {
        req: (req: { id: unknown; method: unknown; url: unknown }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: unknown }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders());
  for (const handler of options.operational ?? []) app.use(handler);
  app.use(rateLimitByIp(options.rateLimitPerMinute));
  app.use(
    express.json({
      limit: options.bodyLimitBytes,
      strict: true,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use(bodyGuard);
  for (const router of options.routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorMiddleware(options.logger));
  return app;
};
