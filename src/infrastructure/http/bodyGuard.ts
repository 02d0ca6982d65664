import type { RequestHandler } from 'express';
import { ValidationError } from '../../domain/shared/errors';

const MAX_DEPTH = 32;
// Keys that reach prototypes when a library copies the body onto an object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const problem = (message: string) =>
  new ValidationError('REQUEST.INVALID_BODY', 'The request body is not acceptable.', [
    { field: 'body', message },
  ]);

/**
 * Refuses NUL characters in the URL, and walks a parsed JSON body without recursion (a hostile body could be thousands of levels deep) and refuses
 * deep nesting and prototype-shaped keys before any validator, hasher or mapper sees it.
 */
export const bodyGuard: RequestHandler = (req, _res, next) => {
  // Postgres cannot store or compare NUL characters: refuse them at the edge rather than fail in SQL.
  if (/%00/.test(req.originalUrl)) throw problem('the URL must not contain NUL characters');
  const pending: [unknown, number][] = [[req.body, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === 'string' && value.includes('\u0000'))
      throw problem('must not contain NUL characters');
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) throw problem(`must not be nested deeper than ${MAX_DEPTH} levels`);
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (FORBIDDEN_KEYS.has(key)) throw problem(`must not contain the key "${key}"`);
      if (key.includes('\u0000')) throw problem('must not contain NUL characters');
      pending.push([child, depth + 1]);
    }
  }
  next();
};
