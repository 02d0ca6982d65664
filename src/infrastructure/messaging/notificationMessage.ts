import type { MessageProperties } from 'amqplib';
import {
  isNotificationKind,
  type NotificationData,
  type UserNotification,
} from '../../application/notifications/notification';
import { NOTIFICATION_MESSAGE_TYPE } from './messages';

export type ParsedNotification =
  | Readonly<{ ok: true; messageId: string; notification: UserNotification }>
  | Readonly<{ ok: false; reason: string }>;

const requiredStrings = ['id', 'userId', 'title', 'body', 'sourceEventId', 'sourceEventType', 'occurredAt'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNotificationData = (value: unknown): value is NotificationData =>
  isRecord(value) &&
  Object.values(value).every((field) => ['string', 'number', 'boolean'].includes(typeof field));

const problemsOf = (body: Record<string, unknown>): string[] => {
  const problems = requiredStrings.filter((field) => typeof body[field] !== 'string' || body[field] === '');
  if (!isNotificationKind(body.kind)) problems.push(`kind (${String(body.kind)})`);
  if (!isNotificationData(body.data)) problems.push('data');
  if (typeof body.occurredAt === 'string' && isNaN(Date.parse(body.occurredAt))) problems.push('occurredAt');
  if (body.correlationId !== undefined && typeof body.correlationId !== 'string')
    problems.push('correlationId');
  return problems;
};

const parseJson = (content: Buffer): unknown => {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** Checks a notification message from the wire; anything that fails is a poison message, dead-lettered. */
export const parseNotificationMessage = (
  content: Buffer,
  properties: MessageProperties,
): ParsedNotification => {
  const type = (properties.type ?? properties.headers?.type) as unknown;
  if (type !== NOTIFICATION_MESSAGE_TYPE)
    return { ok: false, reason: `unknown message type: ${String(type)}` };
  const body = parseJson(content);
  if (!isRecord(body)) return { ok: false, reason: 'unparseable body: not a JSON object' };
  const problems = problemsOf(body);
  if (problems.length > 0) return { ok: false, reason: `invalid notification: ${problems.join(', ')}` };
  const notification = body as unknown as UserNotification;
  const messageId = typeof properties.messageId === 'string' ? properties.messageId : notification.id;
  return { ok: true, messageId, notification };
};
