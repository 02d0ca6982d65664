import { once } from 'node:events';
import type { ConfirmChannel } from 'amqplib';
import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../../application/eventStore/eventStore';
import { positionToToken } from '../../application/eventStore/position';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { closeQuietly, openConnection, superviseSessions } from './connection';
import { messagesForEvent } from './messages';
import { loadPublisherCheckpoint, savePublisherCheckpoint } from './publisherCheckpoints';
import type { MessagingSettings } from './settings';
import { assertTopology, type Topology, topologyNames } from './topology';

export type EventPublisherDependencies = Readonly<{
  knex: Knex;
  eventStore: EventStore;
  settings: MessagingSettings;
  logger: Logger;
  metrics?: Pick<Metrics, 'publisherConfirms'>;
  /** Checkpoint name; two publishers with different names publish independently. */
  name?: string;
  /** Test hook: runs after the broker confirmed a batch and before its checkpoint is stored. */
  afterPublishBeforeCheckpoint?: (batch: readonly RecordedEvent[]) => Promise<void> | void;
}>;

/**
 * The publisher role: tails `$all` from its own checkpoint and publishes every event (and the notifications
 * it causes) on a confirm channel. The checkpoint advances only after the broker confirmed the batch, so a
 * crash re-publishes at most one batch (message ids let consumers dedupe) and loses nothing.
 */
export class EventPublisher {
  private readonly topology: Topology;
  private readonly name: string;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private published = 0;

  constructor(private readonly deps: EventPublisherDependencies) {
    this.topology = topologyNames(deps.settings.exchangePrefix);
    this.name = deps.name ?? 'rabbitmq';
  }

  /** Returns at once: the command side never waits for the broker; sessions reconnect in the background. */
  start(): Promise<void> {
    const { settings, logger } = this.deps;
    this.running ??= superviseSessions('publisher', () => this.session(), {
      stop: this.stopping.signal,
      logger,
      backoff: { initialDelayMs: settings.reconnectInitialDelayMs, maxDelayMs: settings.reconnectMaxDelayMs },
    });
    return Promise.resolve();
  }

  /** Finishes the batch in flight (confirms and checkpoint), then closes the channel and connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Messages confirmed since start (integration and notification messages). */
  get confirmedMessages(): number {
    return this.published;
  }

  private async session(): Promise<void> {
    const { settings, logger, knex, eventStore } = this.deps;
    const connection = await openConnection(settings.url, `${settings.exchangePrefix}.publisher.${this.name}`, logger);
    const ended = AbortSignal.any([connection.lost, this.stopping.signal]);
    try {
      const channel = await connection.model.createConfirmChannel();
      channel.on('error', (error: Error) => logger.warn({ err: error }, 'publisher channel error'));
      await assertTopology(channel, this.topology, settings.retryDelaysMs);
      const from = await loadPublisherCheckpoint(knex, this.name);
      logger.info({ from: from && positionToToken(from) }, 'publisher resuming from its checkpoint');
      const batches = eventStore.subscribeToAll({
        from,
        maxBatchSize: settings.publishBatchSize,
        signal: ended,
      });
      for await (const batch of batches) {
        await this.publishBatch(channel, batch, connection.lost);
        if (this.stopping.signal.aborted) return;
      }
      if (!this.stopping.signal.aborted) throw new Error('RabbitMQ connection lost');
    } finally {
      await closeQuietly(connection.model);
    }
  }

  private async publishBatch(
    channel: ConfirmChannel,
    batch: readonly RecordedEvent[],
    lost: AbortSignal,
  ): Promise<void> {
    const last = batch.at(-1);
    if (last === undefined) return;
    let count = 0;
    for (const event of batch) {
      for (const message of messagesForEvent(event, this.topology)) {
        // The return value is back-pressure: wait for the socket to drain before writing more.
        if (!channel.publish(message.exchange, message.routingKey, message.content, message.options)) {
          await once(channel, 'drain', { signal: lost });
        }
        count += 1;
      }
    }
    await channel.waitForConfirms();
    await this.deps.afterPublishBeforeCheckpoint?.(batch);
    await savePublisherCheckpoint(this.deps.knex, this.name, last.position);
    this.published += count;
    this.deps.metrics?.publisherConfirms.inc({ kind: 'integration' }, batch.length);
    this.deps.metrics?.publisherConfirms.inc({ kind: 'notification' }, count - batch.length);
  }
}
