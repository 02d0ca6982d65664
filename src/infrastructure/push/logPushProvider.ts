import type { UserNotification } from '../../application/notifications/notification';
import type { PushDevice, PushOutcome, PushProvider } from '../../application/notifications/pushProvider';
import type { Logger } from '../logging/logger';

/** The default for local runs: every push is written to the log and counts as delivered. */
export class LogPushProvider implements PushProvider {
  constructor(private readonly logger: Logger) {}

  deliver(device: PushDevice, notification: UserNotification): Promise<PushOutcome> {
    this.logger.info(
      {
        notificationId: notification.id,
        userId: device.userId,
        deviceId: device.deviceId,
        platform: device.platform,
        kind: notification.kind,
        title: notification.title,
      },
      'push notification (log provider)',
    );
    return Promise.resolve('delivered');
  }
}
