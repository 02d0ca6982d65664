import type { Config } from '../config/config';

export type MessagingSettings = Readonly<{
  url: string;
  /** Every exchange and queue name starts with it, so deployments (and test files) stay apart. */
  exchangePrefix: string;
  prefetch: number;
  /** One retry queue per delay; a message goes to the dead-letter queue after `retryDelaysMs.length` retries. */
  retryDelaysMs: readonly number[];
  publishBatchSize: number;
  reconnectInitialDelayMs: number;
  reconnectMaxDelayMs: number;
  /** How long one notifier may work on a message before another may take it over. */
  notificationLeaseMs: number;
}>;

export const messagingSettings = (
  rabbitmq: Config['rabbitmq'],
  overrides: Partial<MessagingSettings> = {},
): MessagingSettings => ({
  url: rabbitmq.url,
  exchangePrefix: rabbitmq.exchangePrefix,
  prefetch: rabbitmq.prefetch,
  retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
  publishBatchSize: 256,
  reconnectInitialDelayMs: 250,
  reconnectMaxDelayMs: 30_000,
  notificationLeaseMs: 60_000,
  ...overrides,
});

/** How a publisher or notifier session waits before reconnecting after a failure. */
export const reconnectBackoff = (settings: MessagingSettings) => ({
  initialDelayMs: settings.reconnectInitialDelayMs,
  maxDelayMs: settings.reconnectMaxDelayMs,
});
