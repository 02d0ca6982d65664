import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { type ErrorKind, OrderlyError } from '../../domain/shared/errors';
import type { Logger } from '../logging/logger';

const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  illegal_state: 422,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export type Problem = Readonly<{
  status: number;
  code: string;
  detail: string;
  [extension: string]: unknown;
}>;

/** RFC 9457 body; `code` is the namespaced error code clients branch on. */
export const sendProblem = (res: Response, problem: Problem): void => {
  const { status, code, detail, ...extensions } = problem;
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `https://orderly.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
      title: TITLE_BY_STATUS[status] ?? 'Error',
      status,
      detail,
      code,
      instance: res.req.originalUrl,
      requestId: res.req.id,
      ...extensions,
    });
};

const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']);

/** Details become extension members; those that would shadow a standard member are left out. */
export const problemFromError = (error: OrderlyError): Problem => ({
  ...Object.fromEntries(Object.entries(error.details).filter(([key]) => !RESERVED_MEMBERS.has(key))),
  status: STATUS_BY_KIND[error.kind],
  code: error.code,
  detail: error.message,
});

type BodyParserError = Error & { type?: string; status?: number };

/** Errors raised by express.json before any route runs. */
const bodyParserProblem = (error: BodyParserError): Problem | undefined => {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'The request body is not valid JSON.' };
    case 'entity.too.large':
      return { status: 413, code: 'REQUEST.TOO_LARGE', detail: 'The request body is too large.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'REQUEST.UNSUPPORTED_ENCODING', detail: 'Send UTF-8 JSON.' };
    default:
      return error.status !== undefined && error.status >= 400 && error.status < 500
        ? { status: error.status, code: 'REQUEST.INVALID', detail: 'The request could not be read.' }
        : undefined;
  }
};

// Node's socket errors and Postgres's connection classes (08: connection exception, 57P0x: shutdown).
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|08\w{3}|57P0[1-3])$/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Timeout acquiring a connection|Client has encountered a connection error|not queryable/i;

/** A database or broker that cannot be reached is the server's trouble, not the client's: 503. */
const isUnavailable = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) ||
    (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message))
  );
};

const answer = (error: unknown, res: Response, logger: Logger): void => {
  if (error instanceof OrderlyError) {
    const problem = problemFromError(error);
    if (problem.status >= 500) logger.warn({ err: error, requestId: res.req.id }, 'dependency unavailable');
    if (error.kind === 'rate_limited' && typeof error.details.retryAfterSeconds === 'number') {
      res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
    }
    return sendProblem(res, problem);
  }
  const fromParser = bodyParserProblem(error as BodyParserError);
  if (fromParser !== undefined) return sendProblem(res, fromParser);
  if (isUnavailable(error)) {
    logger.warn({ err: error, requestId: res.req.id }, 'dependency unavailable');
    res.setHeader('Retry-After', '5');
    return sendProblem(res, {
      status: 503,
      code: 'SERVICE.UNAVAILABLE',
      detail: 'A dependency is unavailable; retry shortly.',
    });
  }
  logger.error({ err: error, requestId: res.req.id }, 'unhandled error');
  sendProblem(res, { status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' });
};

/**
 * The one place where errors become HTTP answers. Unknown errors are logged and hidden behind a 500; if
 * answering fails too, a fixed body still goes out rather than Express's default page with a stack trace.
 */
export const errorMiddleware =
  (logger: Logger): ErrorRequestHandler =>
  (error: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    try {
      answer(error, res, logger);
    } catch (failure) {
      logger.error({ err: failure, cause: error }, 'error middleware failed');
      res
        .status(500)
        .type('application/problem+json')
        .send('{"title":"Internal Server Error","status":500,"code":"INTERNAL"}');
    }
  };

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, {
    status: 404,
    code: 'ROUTE.NOT_FOUND',
    detail: `No route for ${req.method} ${req.path}.`,
  });
