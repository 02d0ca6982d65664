import type { Request, Response } from 'express';
import type { CommandContext, CommandResult } from '../../../application/commands/handleCommand';
import { positionToToken } from '../../../application/eventStore/position';
import { ValidationError } from '../../../domain/shared/errors';

export const CONSISTENCY_HEADER = 'X-Consistency-Token';

/** `If-Match: "<revision>"` → the revision the client last saw; absent → undefined (conflicts are retried). */
export const expectedRevisionOf = (req: Request): bigint | undefined => {
  const header = req.get('If-Match');
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,19})"$/.exec(header.trim());
  if (match?.[1] === undefined) {
    throw new ValidationError(
      'REQUEST.IF_MATCH_INVALID',
      'If-Match must be a quoted stream revision such as "3".',
      [{ field: 'If-Match', message: 'must be a quoted revision' }],
    );
  }
  return BigInt(match[1]);
};

/** The metadata every appended event carries: the request id correlates, the caller is the user. */
export const contextOf = (req: Request, res: Response): CommandContext => ({
  correlationId: typeof req.id === 'string' ? req.id : JSON.stringify(req.id),
  userId: res.locals.principal?.userId,
});

/**
 * A command's answer: the stream's revision as ETag (for the next If-Match) and the position of the last
 * event as the consistency token (for read-your-writes on the query side), in headers and body.
 */
export const sendCommandResult = (
  res: Response,
  status: number,
  result: Pick<CommandResult<unknown, unknown>, 'revision' | 'position'>,
  body: Record<string, unknown>,
): void => {
  const revision = result.revision?.toString();
  const consistencyToken = result.position === undefined ? undefined : positionToToken(result.position);
  if (revision !== undefined) res.setHeader('ETag', `"${revision}"`);
  if (consistencyToken !== undefined) res.setHeader(CONSISTENCY_HEADER, consistencyToken);
  res.status(status).json({ ...body, revision, consistencyToken });
};
