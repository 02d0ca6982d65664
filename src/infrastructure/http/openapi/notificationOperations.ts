import { InboxQueryDto } from '../notifications/routes';
import { integer, object, ref } from './schemas';
import type { JsonSchema, OperationSpec } from './spec';

const text: JsonSchema = { type: 'string' };
const orNull = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });

/** The caller's in-app inbox, written by the notifier; marking read changes no event stream. */
export const NOTIFICATION_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  InboxItem: object({
    notificationId: text,
    kind: text,
    title: text,
    body: text,
    data: { type: 'object', description: 'Ids the app can open (orderId, ...).' },
    occurredAt: { type: 'string', format: 'date-time' },
    readAt: orNull({ type: 'string', format: 'date-time' }),
  }),
  InboxPage: object({
    items: { type: 'array', items: ref('InboxItem') },
    nextCursor: orNull(text),
    unreadCount: integer(),
  }),
  MarkedRead: object({ markedRead: integer('How many notifications were unread.') }),
};

export const NOTIFICATION_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/me/notifications',
    operationId: 'myNotifications',
    summary: 'Your inbox, newest first',
    tag: 'Notifications',
    access: 'authenticated',
    query: InboxQueryDto,
    responses: { 200: { description: 'A page of the inbox.', schema: ref('InboxPage') } },
  },
  {
    method: 'post',
    path: '/v1/me/notifications/read',
    operationId: 'markAllNotificationsRead',
    summary: 'Mark your whole inbox read',
    tag: 'Notifications',
    access: 'authenticated',
    responses: { 200: { description: 'Done.', schema: ref('MarkedRead') } },
  },
  {
    method: 'post',
    path: '/v1/me/notifications/:notificationId/read',
    operationId: 'markNotificationRead',
    summary: 'Mark one notification read',
    tag: 'Notifications',
    access: 'authenticated',
    params: { notificationId: { type: 'string' } },
    responses: { 204: { description: 'Read (also when it already was).' } },
    problems: [404],
  },
];
