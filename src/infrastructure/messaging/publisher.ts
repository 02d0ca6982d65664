import { once } from 'node:events';
import type { ConfirmChannel } from 'amqplib';
import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../../application/eventStore/eventStore';
import { positionToToken } from '../../application/eventStore/position';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../observability/metrics';
import { ConfirmPipeline } from './confirmPipeline';
import { closeQuietly, openConnection, superviseSessions } from './connection';
import { messagesForEvent, type OutgoingMessage } from './messages';
import { loadPublisherCheckpoint, savePublisherCheckpoint } from './publisherCheckpoints';
import { type MessagingSettings, reconnectBackoff } from './settings';
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

/** Batches published but not yet confirmed and checkpointed, per session. */
const MAX_BATCHES_IN_FLIGHT = 4;

const publishConfirmed = (channel: ConfirmChannel, message: OutgoingMessage): [boolean, Promise<void>] => {
  let written = true;
  const confirmed = new Promise<void>((resolve, reject) => {
    written = channel.publish(
      message.exchange,
      message.routingKey,
      message.content,
      message.options,
      (error) => (error ? reject(error as Error) : resolve()),
    );
  });
  // Marked handled now: a lost channel rejects it while the batch may still be waiting for 'drain'.
  confirmed.catch(() => undefined);
  return [written, confirmed];
};

/**
 * The publisher role: tails `$all` from its own checkpoint and publishes every event (and the notifications
 * it causes) on a confirm channel. The checkpoint advances only after the broker confirmed the batch, so a
 * crash re-publishes what was not checkpointed (message ids let consumers dedupe) and loses nothing.
 */
export class EventPublisher {
  private readonly topology: Topology;
  private readonly name: string;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private connected = false;
  private confirmed = 0;

  constructor(private readonly deps: EventPublisherDependencies) {
    this.topology = topologyNames(deps.settings.exchangePrefix);
    this.name = deps.name ?? 'rabbitmq';
  }

  /** Returns at once: the command side never waits for the broker; sessions reconnect in the background. */
  start(): Promise<void> {
    this.running ??= superviseSessions('publisher', () => this.session(), {
      stop: this.stopping.signal,
      logger: this.deps.logger,
      backoff: reconnectBackoff(this.deps.settings),
    });
    return Promise.resolve();
  }

  /** Finishes the batches in flight (confirms and checkpoint), then closes the channel and connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Messages confirmed and checkpointed since start (integration and notification messages). */
  get confirmedMessages(): number {
    return this.confirmed;
  }

  /** A readiness check: rejects while no session is connected to the broker. */
  checkReady(): Promise<void> {
    return this.connected ? Promise.resolve() : Promise.reject(new Error('not connected to RabbitMQ'));
  }

  private async session(): Promise<void> {
    const { settings, logger, knex, eventStore } = this.deps;
    const connection = await openConnection(
      settings.url,
      `${settings.exchangePrefix}.publisher.${this.name}`,
      logger,
    );
    const failed = new AbortController();
    const pipeline = new ConfirmPipeline(MAX_BATCHES_IN_FLIGHT, (error) => failed.abort(error));
    try {
      const channel = await connection.model.createConfirmChannel();
      channel.on('error', (error: Error) => logger.warn({ err: error }, 'publisher channel error'));
      // A channel can die alone (say, an exchange deleted under it): that ends the session too.
      channel.on('close', () => failed.abort(new Error('publisher channel closed')));
      await assertTopology(channel, this.topology, settings.retryDelaysMs);
      const from = await loadPublisherCheckpoint(knex, this.name);
      this.connected = true;
      logger.info({ from: from && positionToToken(from) }, 'publisher resuming from its checkpoint');
      const broken = AbortSignal.any([connection.lost, failed.signal]);
      const signal = AbortSignal.any([broken, this.stopping.signal]);
      for await (const batch of eventStore.subscribeToAll({
        from,
        maxBatchSize: settings.publishBatchSize,
        signal,
      })) {
        const { confirmed, messages } = await this.publishBatch(channel, batch, broken);
        await pipeline.add(confirmed, () => this.finish(batch, messages));
        if (this.stopping.signal.aborted || failed.signal.aborted) break;
      }
      await pipeline.drain();
      if (!this.stopping.signal.aborted) throw new Error('RabbitMQ connection lost');
    } finally {
      this.connected = false;
      await closeQuietly(connection.model);
    }
  }

  /** Writes the batch to the channel; `confirmed` settles once the broker confirmed all of it. */
  private async publishBatch(channel: ConfirmChannel, batch: readonly RecordedEvent[], broken: AbortSignal) {
    const confirms: Promise<void>[] = [];
    for (const event of batch) {
      for (const message of messagesForEvent(event, this.topology)) {
        const [written, confirmed] = publishConfirmed(channel, message);
        confirms.push(confirmed);
        // A full socket buffer is back-pressure: wait for it to drain before writing more.
        if (!written) await once(channel, 'drain', { signal: broken });
      }
    }
    return { confirmed: Promise.all(confirms).then(() => undefined), messages: confirms.length };
  }

  private async finish(batch: readonly RecordedEvent[], messages: number): Promise<void> {
    const last = batch.at(-1);
    if (last === undefined) return;
    await this.deps.afterPublishBeforeCheckpoint?.(batch);
    await savePublisherCheckpoint(this.deps.knex, this.name, last.position);
    this.confirmed += messages;
    this.deps.metrics?.publisherConfirms.inc({ kind: 'integration' }, batch.length);
    this.deps.metrics?.publisherConfirms.inc({ kind: 'notification' }, messages - batch.length);
  }
}
