import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Knex } from 'knex';
import type { PushProvider } from '../../application/notifications/pushProvider';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { closeQuietly, openConnection, superviseSessions } from './connection';
import { attemptOf, sendToDeadLetter, sendToRetry } from './failureRouting';
import { handleNotification, type OnInvalidToken, type Verdict } from './notificationHandler';
import { parseNotificationMessage } from './notificationMessage';
import { type MessagingSettings, reconnectBackoff } from './settings';
import { assertTopology, type Topology, topologyNames } from './topology';

export type NotifierDependencies = Readonly<{
  knex: Knex;
  settings: MessagingSettings;
  logger: Logger;
  pushProvider: PushProvider;
  onInvalidToken: OnInvalidToken;
  metrics?: Pick<Metrics, 'notifierDeliveries'>;
}>;

const untilAborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * The notifier role: consumes notification messages with prefetch, writes the inbox and pushes to the
 * user's devices. A message is acked only once delivered, or once its failure is parked in the retry or
 * dead-letter queue (confirmed by the broker), so nothing is lost when the process dies mid-way.
 */
export class Notifier {
  private readonly topology: Topology;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private connected = false;

  constructor(private readonly deps: NotifierDependencies) {
    this.topology = topologyNames(deps.settings.exchangePrefix);
  }

  start(): Promise<void> {
    this.running ??= superviseSessions('notifier', () => this.session(), {
      stop: this.stopping.signal,
      logger: this.deps.logger,
      backoff: reconnectBackoff(this.deps.settings),
    });
    return Promise.resolve();
  }

  /** Stops consuming, lets the messages in hand finish, then closes the channel and connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** A readiness check: rejects while no session is connected to the broker. */
  checkReady(): Promise<void> {
    return this.connected ? Promise.resolve() : Promise.reject(new Error('not connected to RabbitMQ'));
  }

  private async session(): Promise<void> {
    const { settings, logger } = this.deps;
    const connection = await openConnection(settings.url, `${settings.exchangePrefix}.notifier`, logger);
    const cancelled = new AbortController();
    const inFlight = new Set<Promise<void>>();
    try {
      const channel = await connection.model.createConfirmChannel();
      channel.on('error', (error: Error) => logger.warn({ err: error }, 'notifier channel error'));
      channel.on('close', () => cancelled.abort());
      await assertTopology(channel, this.topology, settings.retryDelaysMs);
      await channel.prefetch(settings.prefetch);
      this.connected = true;
      const { consumerTag } = await channel.consume(this.topology.notifierQueue, (message) => {
        if (message === null) return cancelled.abort(); // the broker cancelled us (queue deleted)
        const work = this.onMessage(channel, message).finally(() => inFlight.delete(work));
        inFlight.add(work);
      });
      await untilAborted(AbortSignal.any([connection.lost, cancelled.signal, this.stopping.signal]));
      if (!connection.lost.aborted) await channel.cancel(consumerTag).catch(() => undefined);
      await Promise.allSettled([...inFlight]);
      if (!this.stopping.signal.aborted) throw new Error('RabbitMQ connection lost or consumer cancelled');
    } finally {
      this.connected = false;
      await closeQuietly(connection.model);
    }
  }

  private async onMessage(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const verdict = await this.verdictFor(message);
    try {
      await this.settle(channel, message, verdict);
    } catch (error) {
      // Left unacked: the broker hands the message out again once the channel is back.
      this.deps.logger.warn(
        { err: error, messageId: message.properties.messageId },
        'could not settle message',
      );
    }
  }

  private async verdictFor(message: ConsumeMessage): Promise<Verdict> {
    const parsed = parseNotificationMessage(message.content, message.properties);
    if (!parsed.ok) return { action: 'dead_letter', reason: parsed.reason };
    const { knex, pushProvider, onInvalidToken, settings } = this.deps;
    try {
      return await handleNotification(
        { knex, pushProvider, onInvalidToken, leaseMs: settings.notificationLeaseMs },
        parsed.messageId,
        parsed.notification,
      );
    } catch (error) {
      return {
        action: 'retry',
        reason: error instanceof Error ? error.message : String(error),
        countsAsAttempt: true,
      };
    }
  }

  private async settle(channel: ConfirmChannel, message: ConsumeMessage, verdict: Verdict): Promise<void> {
    const delays = this.deps.settings.retryDelaysMs;
    if (verdict.action === 'retry') {
      const attempt = attemptOf(message) + (verdict.countsAsAttempt ? 1 : 0);
      const delayMs = delays[Math.max(attempt, 1) - 1];
      if (delayMs === undefined) {
        const reason = `gave up after ${delays.length} retries: ${verdict.reason}`;
        return this.settle(channel, message, { action: 'dead_letter', reason });
      }
      await sendToRetry(channel, this.topology, message, { attempt, delayMs, reason: verdict.reason });
      this.deps.metrics?.notifierDeliveries.inc({ outcome: 'retried' });
    } else if (verdict.action === 'dead_letter') {
      await sendToDeadLetter(channel, this.topology, message, verdict.reason);
      this.deps.logger.warn(
        { messageId: message.properties.messageId, reason: verdict.reason },
        'dead-lettered',
      );
      this.deps.metrics?.notifierDeliveries.inc({ outcome: 'dead_lettered' });
    } else {
      this.deps.metrics?.notifierDeliveries.inc({ outcome: verdict.outcome });
    }
    channel.ack(message);
  }
}
