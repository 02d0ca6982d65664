import type { RequestHandler } from 'express';
import { ValidationError } from '../../domain/shared/errors';

const MAX_DEPTH = 32;
// Keys that reach prototypes when a library copies the body onto an object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// JSON may spell half of a surrogate pair (`"\ud800"`), which is no text: validators throw on it (isEmail
// decodes it as a URI) and Postgres cannot store it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string of the body is refused, if it is. */
const faultOf = (text: string): string | undefined => {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (no lone surrogates)';
  return undefined;
};

const problem = (message: string) =>
  new ValidationError('REQUEST.INVALID_BODY', 'The request body is not acceptable.', [
    { field: 'body', message },
  ]);

/**
 * Refuses NUL characters in the URL, and walks a parsed JSON body without recursion (a hostile body could
 * be thousands of levels deep), refusing deep nesting, prototype-shaped keys, NUL characters and lone
 * surrogates before any validator, hasher or mapper sees it.
 */
export const bodyGuard: RequestHandler = (req, _res, next) => {
  // Postgres cannot store or compare NUL characters: refuse them at the edge rather than fail in SQL.
  if (/%00/.test(req.originalUrl)) throw problem('the URL must not contain NUL characters');
  const pending: [unknown, number][] = [[req.body, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    const fault = typeof value === 'string' ? faultOf(value) : undefined;
    if (fault !== undefined) throw problem(fault);
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) throw problem(`must not be nested deeper than ${MAX_DEPTH} levels`);
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (FORBIDDEN_KEYS.has(key)) throw problem(`must not contain the key "${key}"`);
      const keyFault = faultOf(key);
      if (keyFault !== undefined) throw problem(keyFault);
      pending.push([child, depth + 1]);
    }
  }
  next();
};
