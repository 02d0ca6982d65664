import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

type HeaderWriter = Pick<Response, 'setHeader' | 'removeHeader'>;

/**
 * helmet's headers, set on every response. With its default options they do not depend on the request (no
 * CSP nonces here), so they are recorded once from helmet's own middleware and then set per response
 * directly, instead of running its chain of a dozen middlewares each time.
 */
export const securityHeaders = (): RequestHandler => {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder: HeaderWriter = {
    setHeader(name, value) {
      set.push([name, String(value)]);
      return this as Response;
    },
    removeHeader: (name) => void removed.push(name),
  };
  helmet()({} as never, recorder as Response, () => undefined);
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
};
