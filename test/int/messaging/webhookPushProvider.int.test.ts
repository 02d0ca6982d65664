import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { UserNotification } from '../../../src/application/notifications/notification';
import { PushDeliveryError, type PushDevice } from '../../../src/application/notifications/pushProvider';
import {
  SIGNATURE_HEADER,
  signBody,
  WebhookPushProvider,
} from '../../../src/infrastructure/push/webhookPushProvider';
import { FakePushGateway } from './support';

const SECRET = 'gateway-secret';

/** The push token tells the gateway how to answer: `status-<code>`, or `slow` (longer than the timeout). */
const gateway = new FakePushGateway(async (request) => {
  const token = request.json.device.pushToken;
  if (token === 'slow') await setTimeout(4_000, undefined, { ref: false });
  return token.startsWith('status-') ? Number(token.slice('status-'.length)) : 200;
});

const device = (pushToken: string): PushDevice => ({
  userId: randomUUID(),
  deviceId: randomUUID(),
  platform: 'android',
  pushToken,
});

const notification = (userId: string): UserNotification => ({
  id: `${randomUUID()}:${userId}`,
  userId,
  kind: 'order_accepted',
  title: 'Order accepted',
  body: 'The merchant is preparing it.',
  data: { orderId: randomUUID() },
  sourceEventId: randomUUID(),
  sourceEventType: 'OrderAccepted',
  occurredAt: '2026-11-24T12:00:00.000Z',
});

const failure = async (promise: Promise<unknown>): Promise<PushDeliveryError> => {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(PushDeliveryError);
  return error as PushDeliveryError;
};

describe('WebhookPushProvider against a local HTTP gateway', () => {
  let provider: WebhookPushProvider;

  beforeAll(async () => {
    provider = new WebhookPushProvider({ url: await gateway.start(), secret: SECRET, timeoutMs: 1_500 });
  });

  afterAll(() => gateway.stop());

  it('posts the notification for the device, signed with the shared secret', async () => {
    const target = device('fcm-token');
    const sent = notification(target.userId);

    expect(await provider.deliver(target, sent)).toBe('delivered');
    const [request] = gateway.requestsFor(sent.id);
    expect(request!.headers[SIGNATURE_HEADER]).toBe(signBody(request!.body, SECRET));
    expect(request!.headers[SIGNATURE_HEADER]).not.toBe(signBody(request!.body, 'another-secret'));
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.json).toMatchObject({
      notificationId: sent.id,
      userId: target.userId,
      device: { deviceId: target.deviceId, platform: 'android', pushToken: 'fcm-token' },
      title: 'Order accepted',
    });
  });

  it.each(['404', '410'])('reports an invalid token on %s', async (status) => {
    const target = device(`status-${status}`);
    expect(await provider.deliver(target, notification(target.userId))).toBe('invalid_token');
  });

  it.each(['500', '503', '429'])('throws a transient failure on %s', async (status) => {
    const target = device(`status-${status}`);
    const error = await failure(provider.deliver(target, notification(target.userId)));
    expect(error.transient).toBe(true);
    expect(error.details.status).toBe(Number(status));
  });

  it('throws a permanent failure on another 4xx', async () => {
    const target = device('status-400');
    expect((await failure(provider.deliver(target, notification(target.userId)))).transient).toBe(false);
  });

  it('gives up at the timeout, as a transient failure', async () => {
    const target = device('slow');
    const error = await failure(provider.deliver(target, notification(target.userId)));
    expect(error.transient).toBe(true);
    expect(error.message).toContain('TimeoutError');
  });

  it('treats an unreachable gateway as a transient failure', async () => {
    const unreachable = new WebhookPushProvider({
      url: 'http://127.0.0.1:1/push',
      secret: SECRET,
      timeoutMs: 200,
    });
    const target = device('any');
    expect((await failure(unreachable.deliver(target, notification(target.userId)))).transient).toBe(true);
  });
});
