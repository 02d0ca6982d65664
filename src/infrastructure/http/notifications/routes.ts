import { Router } from 'express';
import type { Knex } from 'knex';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { listInbox, markAllRead, markRead } from '../../../projections/notifications/queries';
import type { Clock } from '../../../application/ports';
import type { AccessTokens } from '../../auth/accessTokens';
import { authenticate, principalOf } from '../authenticate';
import { rateLimitByUser } from '../rateLimits';
import { parseDto } from '../validation';

export class InboxQueryDto {
  @IsOptional()
  @Matches(/^([1-9]\d?|100)$/, { message: 'must be a whole number from 1 to 100' })
  limit?: string;
  @IsOptional()
  @MaxLength(300)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be a cursor from a previous page' })
  cursor?: string;
  @IsOptional() @IsIn(['true', 'false']) unreadOnly?: string;
}

export type InboxRouteDeps = Readonly<{
  knex: Knex;
  clock: Clock;
  accessTokens: AccessTokens;
  rateLimitPerMinute: number;
}>;

/** The caller's in-app inbox (written by the notifier): list newest first, mark read. */
export const inboxRoutes = (deps: InboxRouteDeps): Router => {
  const guard = [authenticate(deps.accessTokens), rateLimitByUser(deps.rateLimitPerMinute)];
  return Router()
    .get('/v1/me/notifications', ...guard, async (req, res) => {
      const query = parseDto(InboxQueryDto, req.query, 'query');
      const page = await listInbox(deps.knex, principalOf(res).userId, {
        limit: Number(query.limit ?? 20),
        cursor: query.cursor,
        unreadOnly: query.unreadOnly === 'true',
      });
      res.setHeader('Cache-Control', 'private, no-cache');
      res.json(page);
    })
    .post('/v1/me/notifications/read', ...guard, async (_req, res) => {
      const updated = await markAllRead(deps.knex, principalOf(res).userId, deps.clock.now());
      res.json({ markedRead: updated });
    })
    .post('/v1/me/notifications/:notificationId/read', ...guard, async (req, res) => {
      // Any other id is simply not in the caller's inbox: markRead answers 404.
      await markRead(deps.knex, principalOf(res).userId, String(req.params.notificationId), deps.clock.now());
      res.status(204).end();
    });
};
