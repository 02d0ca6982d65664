import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { canonicalJson } from '../../../application/audit/hashChain';
import { ConflictError, OrderlyError, ValidationError } from '../../../domain/shared/errors';
import type { IdempotencyStore, StoredResponse } from './store';

const KEY_PATTERN = /^[\x21-\x7e]{8,255}$/;
const REPLAYED_HEADERS = ['etag', 'x-consistency-token', 'location'];
const WAIT_STEP_MS = 50;

const requestHash = (req: Request): string =>
  createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n${canonicalJson(req.body ?? null)}`)
    .digest('hex');

const replay = (res: Response, stored: StoredResponse): void => {
  for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
  res.setHeader('Idempotent-Replayed', 'true');
  const contentType = stored.status >= 400 ? 'application/problem+json' : 'application/json';
  res.status(stored.status).type(contentType).send(JSON.stringify(stored.body));
};

/** Remembers the answer once it is sent: 2xx–4xx are kept, 5xx releases the key. */
const recordOnFinish = (res: Response, store: IdempotencyStore, scope: string, key: string): void => {
  let body: unknown;
  const json = res.json.bind(res);
  res.json = (value: unknown) => {
    body = value;
    return json(value);
  };
  res.on('finish', () => {
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = res.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }),
    );
    const settle =
      res.statusCode >= 500
        ? store.release(scope, key)
        : store.complete(scope, key, { status: res.statusCode, body, headers });
    settle.catch((error: unknown) => res.req.log?.error({ err: error }, 'idempotency record failed'));
  });
};

/**
 * `Idempotency-Key` on POST: a retry gets the stored status and body and appends nothing; the same key with
 * another body is a 422; a concurrent duplicate waits for the first one's answer.
 */
export const idempotency =
  (store: IdempotencyStore, maxWaitMs = 10_000): RequestHandler =>
  async (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationError(
        'IDEMPOTENCY.KEY_INVALID',
        'Idempotency-Key must be 8–255 visible ASCII characters.',
        [{ field: 'Idempotency-Key', message: 'must be 8–255 visible ASCII characters' }],
      );
    }
    const scope = res.locals.principal?.userId ?? 'anonymous';
    const hash = requestHash(req);
    for (let waited = 0; ; waited += WAIT_STEP_MS) {
      const claim = await store.claim(scope, key, hash);
      if (claim.outcome === 'claimed') {
        recordOnFinish(res, store, scope, key);
        return next();
      }
      if (claim.requestHash !== hash) {
        throw new OrderlyError(
          'illegal_state',
          'IDEMPOTENCY.KEY_REUSED',
          'This Idempotency-Key was used with another request.',
        );
      }
      if (claim.outcome === 'completed') return replay(res, claim.response);
      if (waited >= maxWaitMs) {
        throw new ConflictError(
          'IDEMPOTENCY.IN_PROGRESS',
          'A request with this Idempotency-Key is still in progress.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  };
