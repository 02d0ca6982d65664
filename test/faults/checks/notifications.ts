import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { notificationsForEvent } from '../../../src/application/notifications/notificationsForEvent';
import type { World } from '../load/world';
import type { ScenarioReport } from '../support/report';
import type { WebhookReceiver } from '../support/webhookReceiver';

/**
 * Every event's notifications reached the one device of their user exactly once: none missing, none
 * pushed twice, none the events do not explain. Counted at the push gateway by `<notification>:<device>`.
 */
export const checkNotifications = (
  report: ScenarioReport,
  events: readonly RecordedEvent[],
  world: World,
  receiver: WebhookReceiver,
): void => {
  const deviceOf = new Map([...world.customers, ...world.merchants].map((a) => [a.userId, a.deviceId]));
  const expected = new Set<string>();
  let withoutDevice = 0;
  for (const notification of events.flatMap(notificationsForEvent)) {
    const device = deviceOf.get(notification.userId);
    if (device === undefined) withoutDevice += 1;
    else expected.add(`${notification.id}:${device}`);
  }
  const missing = [...expected].filter((key) => !receiver.deliveries.has(key));
  const duplicated = [...receiver.deliveries].filter(([, count]) => count > 1);
  const unexplained = [...receiver.deliveries.keys()].filter((key) => !expected.has(key));
  report.figure('notifications expected (one device each)', expected.size);
  report.figure('push deliveries received', receiver.total());
  report.check(
    'every notification delivered exactly once',
    missing.length === 0 && duplicated.length === 0 && unexplained.length === 0 && withoutDevice === 0,
    `missing ${missing.length}, duplicated ${duplicated.length}, unexplained ${unexplained.length}, ` +
      `for users without a device ${withoutDevice}${missing.length > 0 ? `, e.g. ${missing[0]}` : ''}`,
  );
};
