import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../domain/shared/errors';
import type { NotificationData } from '../../application/notifications/notification';

export type InboxItem = Readonly<{
  notificationId: string;
  kind: string;
  title: string;
  body: string;
  data: NotificationData;
  occurredAt: string;
  readAt: string | null;
}>;

export type InboxPage = Readonly<{ items: InboxItem[]; nextCursor: string | null; unreadCount: number }>;

export type InboxQuery = Readonly<{ limit: number; cursor?: string; unreadOnly?: boolean }>;

type InboxRow = {
  notification_id: string;
  kind: string;
  title: string;
  body: string;
  data: NotificationData;
  occurred_at: Date;
  read_at: Date | null;
};

type CursorKey = Readonly<{ occurredAt: string; notificationId: string }>;

const encodeCursor = (key: CursorKey): string =>
  Buffer.from(JSON.stringify([key.occurredAt, key.notificationId])).toString('base64url');

const decodeCursor = (cursor: string): CursorKey => {
  try {
    const [occurredAt, notificationId] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (
      typeof occurredAt === 'string' &&
      typeof notificationId === 'string' &&
      !isNaN(Date.parse(occurredAt))
    ) {
      return { occurredAt, notificationId };
    }
  } catch {
    // reported below, like any other malformed cursor
  }
  throw new ValidationError('INBOX.CURSOR_INVALID', 'The cursor is malformed.', [
    { field: 'cursor', message: 'must be a cursor returned by this API' },
  ]);
};

const toItem = (row: InboxRow): InboxItem => ({
  notificationId: row.notification_id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  data: row.data,
  occurredAt: row.occurred_at.toISOString(),
  readAt: row.read_at?.toISOString() ?? null,
});

export const unreadCount = async (knex: Knex, userId: string): Promise<number> => {
  const row = await knex('notification_inbox')
    .count<{ count: string }>('* as count')
    .where({ user_id: userId })
    .whereNull('read_at')
    .first();
  return Number(row?.count ?? 0);
};

/** A user's inbox, newest first, keyset-paginated on (occurred_at, notification_id). */
export const listInbox = async (knex: Knex, userId: string, query: InboxQuery): Promise<InboxPage> => {
  const select = knex('notification_inbox')
    .select<InboxRow[]>('notification_id', 'kind', 'title', 'body', 'data', 'occurred_at', 'read_at')
    .where({ user_id: userId })
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'notification_id', order: 'desc' },
    ])
    .limit(query.limit + 1);
  if (query.unreadOnly === true) void select.whereNull('read_at');
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    void select.whereRaw('(occurred_at, notification_id) < (?, ?)', [after.occurredAt, after.notificationId]);
  }
  const rows = await select;
  const items = rows.slice(0, query.limit).map(toItem);
  const last = items.at(-1);
  const nextCursor =
    rows.length > query.limit && last !== undefined
      ? encodeCursor({ occurredAt: last.occurredAt, notificationId: last.notificationId })
      : null;
  return { items, nextCursor, unreadCount: await unreadCount(knex, userId) };
};

/** Read state is the user's own UI state, not a business fact: it is kept here, not in an event. */
export const markRead = async (
  knex: Knex,
  userId: string,
  notificationId: string,
  at: Date,
): Promise<void> => {
  const found = await knex('notification_inbox')
    .update({ read_at: knex.raw('coalesce(read_at, ?)', [at]) })
    .where({ user_id: userId, notification_id: notificationId });
  if (found === 0) {
    throw new NotFoundError('NOTIFICATION.NOT_FOUND', `Notification ${notificationId} is not in your inbox.`);
  }
};

export const markAllRead = async (knex: Knex, userId: string, at: Date): Promise<number> =>
  knex('notification_inbox').update({ read_at: at }).where({ user_id: userId }).whereNull('read_at');
