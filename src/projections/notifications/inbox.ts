import type { Knex } from 'knex';
import type { PushOutcome } from '../../application/notifications/pushProvider';
import type { UserNotification } from '../../application/notifications/notification';

/**
 * `new`: first sight, the inbox row is written; `resumed`: an earlier attempt did not finish; `busy`: another
 * notifier holds the lease right now; `completed`: a duplicate of a finished message, ack it and do nothing.
 */
export type AcceptResult = 'new' | 'resumed' | 'busy' | 'completed';

const takeLease = `
  insert into notifier_messages (message_id, lease_until) values (?, now() + ? * interval '1 millisecond')
  on conflict (message_id) do update set lease_until = excluded.lease_until
    where notifier_messages.completed_at is null
      and (notifier_messages.lease_until is null or notifier_messages.lease_until < now())
  returning (xmax = 0) as inserted`;

const insertInboxRow = async (trx: Knex.Transaction, notification: UserNotification): Promise<void> => {
  await trx('notification_inbox')
    .insert({
      notification_id: notification.id,
      user_id: notification.userId,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      data: JSON.stringify(notification.data),
      source_event_id: notification.sourceEventId,
      source_event_type: notification.sourceEventType,
      correlation_id: notification.correlationId ?? null,
      occurred_at: notification.occurredAt,
    })
    .onConflict('notification_id')
    .ignore();
};

/**
 * Takes a notification message in under a lease: the inbox row and the message id land in one transaction,
 * so the inbox shows the notification once however often the broker redelivers it.
 */
export const acceptNotification = async (
  knex: Knex,
  messageId: string,
  notification: UserNotification,
  leaseMs: number,
): Promise<AcceptResult> =>
  knex.transaction(async (trx) => {
    const leased = await trx.raw<{ rows: { inserted: boolean }[] }>(takeLease, [messageId, leaseMs]);
    const lease = leased.rows[0];
    if (lease?.inserted === true) {
      await insertInboxRow(trx, notification);
      return 'new';
    }
    if (lease !== undefined) return 'resumed';
    const row = await trx('notifier_messages')
      .first<{ completed_at: Date | null } | undefined>('completed_at')
      .where({ message_id: messageId });
    return row?.completed_at === null ? 'busy' : 'completed';
  });

/** Devices that already got this message (or were found invalid), so a retry skips them. */
export const settledDevices = async (knex: Knex, messageId: string): Promise<Set<string>> => {
  const rows = await knex('notification_deliveries')
    .select<{ device_id: string }[]>('device_id')
    .where({ message_id: messageId });
  return new Set(rows.map((row) => row.device_id));
};

export const recordDeviceOutcome = async (
  knex: Knex,
  messageId: string,
  deviceId: string,
  outcome: PushOutcome,
): Promise<void> => {
  await knex('notification_deliveries')
    .insert({ message_id: messageId, device_id: deviceId, outcome })
    .onConflict(['message_id', 'device_id'])
    .ignore();
};

export const completeNotification = async (knex: Knex, messageId: string): Promise<void> => {
  await knex('notifier_messages')
    .update({ completed_at: knex.fn.now(), lease_until: null })
    .where({ message_id: messageId });
};

/** Gives the message up for now (it goes to the retry path), so the retry may take it at once. */
export const releaseLease = async (knex: Knex, messageId: string): Promise<void> => {
  await knex('notifier_messages')
    .update({ lease_until: null })
    .where({ message_id: messageId })
    .whereNull('completed_at');
};
