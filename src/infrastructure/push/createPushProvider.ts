import type { PushProvider } from '../../application/notifications/pushProvider';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { LogPushProvider } from './logPushProvider';
import { WebhookPushProvider } from './webhookPushProvider';

/** Picks the provider named by PUSH_PROVIDER (config validation guarantees the webhook URL is set). */
export const createPushProvider = (push: Config['push'], logger: Logger): PushProvider =>
  push.provider === 'webhook' && push.webhookUrl !== undefined
    ? new WebhookPushProvider({ url: push.webhookUrl, secret: push.webhookSecret, timeoutMs: push.timeoutMs })
    : new LogPushProvider(logger);
