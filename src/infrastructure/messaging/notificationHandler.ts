import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { UserNotification } from '../../application/notifications/notification';
import {
  PushDeliveryError,
  type PushDevice,
  type PushProvider,
} from '../../application/notifications/pushProvider';
import { devicesOfUser } from '../../projections/devices/queries';
import {
  acceptNotification,
  completeNotification,
  recordDeviceOutcome,
  releaseLease,
  settledDevices,
} from '../../projections/notifications/inbox';

/** What the notifier does with a message once handled. */
export type Verdict =
  | Readonly<{ action: 'ack'; outcome: 'delivered' | 'duplicate' }>
  | Readonly<{ action: 'retry'; reason: string; countsAsAttempt: boolean }>
  | Readonly<{ action: 'dead_letter'; reason: string }>;

/** Called for a device the push gateway no longer knows; production wires it to UnregisterDevice. */
export type OnInvalidToken = (userId: string, deviceId: string) => Promise<void>;

export type NotificationHandlerDependencies = Readonly<{
  knex: Knex;
  pushProvider: PushProvider;
  onInvalidToken: OnInvalidToken;
  leaseMs: number;
}>;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Once a push went out, only its record stands between the message and a second push on the retry, so a
 * database outage is waited out rather than failing the message. Bounded by half the lease: past the
 * lease another notifier may take the message over.
 */
const recordPersistently = async (record: () => Promise<void>, leaseMs: number): Promise<void> => {
  const deadline = Date.now() + leaseMs / 2;
  for (let delayMs = 25; ; delayMs = Math.min(delayMs * 2, 1_000)) {
    try {
      return await record();
    } catch (error) {
      if (Date.now() + delayMs > deadline) throw error;
      await sleep(delayMs);
    }
  }
};

const deliverToDevice = async (
  deps: NotificationHandlerDependencies,
  messageId: string,
  device: PushDevice,
  notification: UserNotification,
): Promise<void> => {
  const outcome = await deps.pushProvider.deliver(device, notification);
  if (outcome === 'invalid_token') await deps.onInvalidToken(device.userId, device.deviceId);
  await recordPersistently(
    () => recordDeviceOutcome(deps.knex, messageId, device.deviceId, outcome),
    deps.leaseMs,
  );
};

/** Permanent failures win: retrying cannot fix them. Anything else that failed is worth a retry. */
const verdictForFailures = (failures: readonly unknown[]): Verdict | undefined => {
  const permanent = failures.find((error) => error instanceof PushDeliveryError && !error.transient);
  if (permanent !== undefined)
    return { action: 'dead_letter', reason: `push failed: ${describe(permanent)}` };
  const [first] = failures;
  return first === undefined
    ? undefined
    : { action: 'retry', reason: describe(first), countsAsAttempt: true };
};

/** Pushes to every device not yet settled for this message; returns what failed. */
const deliverToPendingDevices = async (
  deps: NotificationHandlerDependencies,
  messageId: string,
  notification: UserNotification,
): Promise<unknown[]> => {
  const settled = await settledDevices(deps.knex, messageId);
  const devices = await devicesOfUser(deps.knex, notification.userId);
  const results = await Promise.allSettled(
    devices
      .filter((device) => !settled.has(device.deviceId))
      .map((device) => deliverToDevice(deps, messageId, device, notification)),
  );
  return results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
};

/**
 * Handles one notification message: inbox row (once), push to every device not yet served for this message,
 * then marks the message done. Devices already served are skipped on a retry, so each gets it once.
 */
export const handleNotification = async (
  deps: NotificationHandlerDependencies,
  messageId: string,
  notification: UserNotification,
): Promise<Verdict> => {
  const accepted = await acceptNotification(deps.knex, messageId, notification, deps.leaseMs);
  if (accepted === 'completed') return { action: 'ack', outcome: 'duplicate' };
  if (accepted === 'busy')
    return { action: 'retry', reason: 'another notifier is on it', countsAsAttempt: false };
  try {
    const failed = verdictForFailures(await deliverToPendingDevices(deps, messageId, notification));
    if (failed === undefined) {
      await completeNotification(deps.knex, messageId);
      return { action: 'ack', outcome: 'delivered' };
    }
    await releaseLease(deps.knex, messageId);
    return failed;
  } catch (error) {
    // So the retry is not turned away as "busy" until the lease runs out.
    await releaseLease(deps.knex, messageId).catch(() => undefined);
    throw error;
  }
};
