import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { tokenToPosition } from '../../../application/eventStore/position';
import { waitForPosition } from '../../../projections/runner/waitForPosition';
import { CONSISTENCY_HEADER } from '../commands/respond';
import type { QueryRouteDeps } from './deps';

export const CONSISTENCY_STATE_HEADER = 'X-Consistency';

/**
 * Read-your-writes: with a consistency token from a command, waits (bounded) until the read models this view
 * reads have reached it, and says whether they had (`caught-up`) or the answer may be older (`stale`).
 */
export const awaitConsistency = async (
  req: Request,
  res: Response,
  deps: QueryRouteDeps,
  projectionNames: readonly string[],
): Promise<void> => {
  const token = req.get(CONSISTENCY_HEADER);
  if (token === undefined || token === '') return;
  const position = tokenToPosition(token.trim());
  const { caughtUp } = await waitForPosition(deps.knex, projectionNames, position, deps.consistencyWaitMs);
  res.setHeader(CONSISTENCY_STATE_HEADER, caughtUp ? 'caught-up' : 'stale');
};

const etagOf = (json: string): string =>
  `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`;

const matches = (ifNoneMatch: string, etag: string): boolean =>
  ifNoneMatch.trim() === '*' ||
  ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);

/** Every view carries an ETag of its body; a matching If-None-Match gets 304 without the body. */
export const sendView = (req: Request, res: Response, view: unknown): void => {
  const json = JSON.stringify(view);
  const etag = etagOf(json);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Authorization');
  const ifNoneMatch = req.get('If-None-Match');
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(json);
};
