import { OrderlyError } from '../../domain/shared/errors';
import type { DevicePlatform } from '../../domain/identity/events';
import type { UserNotification } from './notification';

/** A registered device as the devices read model knows it. */
export type PushDevice = Readonly<{
  userId: string;
  deviceId: string;
  platform: DevicePlatform;
  pushToken: string;
}>;

/** `invalid_token`: the gateway no longer knows the device; the notifier has it unregistered. */
export type PushOutcome = 'delivered' | 'invalid_token';

/**
 * Delivers one notification to one device. Resolves with the outcome, or throws a PushDeliveryError:
 * `transient` ones are retried with a growing delay, the others are dead-lettered at once.
 */
export interface PushProvider {
  deliver(device: PushDevice, notification: UserNotification): Promise<PushOutcome>;
}

export class PushDeliveryError extends OrderlyError {
  constructor(
    readonly transient: boolean,
    message: string,
    options?: Readonly<{ status?: number; cause?: unknown }>,
  ) {
    super('unavailable', transient ? 'PUSH.TRANSIENT_FAILURE' : 'PUSH.PERMANENT_FAILURE', message, {
      status: options?.status,
    });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
