/** What a user is told, in the app's inbox and on their devices. */
export const notificationKinds = [
  'order_paid',
  'order_received',
  'order_payment_failed',
  'order_accepted',
  'order_ready',
  'order_completed',
  'order_cancelled',
  'order_cancelled_by_customer',
  'order_rejected',
  'order_refunded',
  'wallet_topped_up',
  'wallet_payout_received',
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

export type NotificationData = Readonly<Record<string, string | number | boolean>>;

export type UserNotification = Readonly<{
  /** `<source event id>:<recipient user id>`: the same event never notifies the same user twice. */
  id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: NotificationData;
  sourceEventId: string;
  sourceEventType: string;
  /** ISO-8601 UTC time of the fact, from the event. */
  occurredAt: string;
  correlationId?: string;
}>;

export const notificationId = (eventId: string, recipientId: string): string => `${eventId}:${recipientId}`;

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  typeof value === 'string' && (notificationKinds as readonly string[]).includes(value);
