import { createHmac } from 'node:crypto';
import type { UserNotification } from '../../application/notifications/notification';
import {
  PushDeliveryError,
  type PushDevice,
  type PushOutcome,
  type PushProvider,
} from '../../application/notifications/pushProvider';

export type WebhookPushSettings = Readonly<{ url: string; secret: string; timeoutMs: number }>;

export const SIGNATURE_HEADER = 'x-orderly-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the gateway recomputes it with the shared secret. */
export const signBody = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const payload = (device: PushDevice, notification: UserNotification): string =>
  JSON.stringify({
    notificationId: notification.id,
    userId: notification.userId,
    device: { deviceId: device.deviceId, platform: device.platform, pushToken: device.pushToken },
    kind: notification.kind,
    title: notification.title,
    body: notification.body,
    data: notification.data,
    occurredAt: notification.occurredAt,
  });

/** Statuses worth another try later; other 4xx mean the request itself is wrong. */
const isTransientStatus = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/**
 * Pushes through an HTTP gateway (a real APNs/FCM relay can sit behind it): POST with a timeout and an HMAC
 * signature. 404/410 mean the gateway no longer knows the token.
 */
export class WebhookPushProvider implements PushProvider {
  constructor(private readonly settings: WebhookPushSettings) {}

  async deliver(device: PushDevice, notification: UserNotification): Promise<PushOutcome> {
    const body = payload(device, notification);
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(body, this.settings.secret),
        'idempotency-key': `${notification.id}:${device.deviceId}`,
      },
      body,
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    }).catch((error: unknown) => {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new PushDeliveryError(true, `push gateway request failed (${reason})`, { cause: error });
    });
    await response.arrayBuffer().catch(() => undefined); // frees the keep-alive socket
    if (response.ok) return 'delivered';
    if (response.status === 404 || response.status === 410) return 'invalid_token';
    const message = `push gateway answered HTTP ${response.status}`;
    throw new PushDeliveryError(isTransientStatus(response.status), message, { status: response.status });
  }
}
