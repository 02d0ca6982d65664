import type { Pool } from 'pg';
import type {
  AppendResult,
  EventStore,
  EventFilter,
  EventToAppend,
  ExpectedRevision,
  HeldBackEvents,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../../../application/eventStore/eventStore';
import { StreamNotFoundError } from '../../../application/eventStore/errors';
import type { Position } from '../../../application/eventStore/position';
import { appendEvents, type BeforeCommitHook } from './append';
import { withConnectionErrorsMapped } from './errors';
import { type EventStoreLogger, silentLogger } from './logger';
import * as reads from './reads';
import { batchedStreamReads } from './streamReads';
import { type PollingSettings, subscribeToAll } from './subscription';
import { Wakeups } from './wakeups';

export type PostgresEventStoreOptions = Readonly<{
  /** NOTIFY channel; defaults to one per schema, so stores in other schemas are not woken. */
  channel?: string;
  logger?: EventStoreLogger;
  /** At most one cross-process NOTIFY per interval (default 5 ms). */
  notifyIntervalMs?: number;
  polling?: Partial<PollingSettings>;
  /**
   * Test-only: runs each append in an explicit transaction and calls this before COMMIT (e.g. pg_sleep, to
   * make commits happen out of order). Leave unset in production: appends are then one statement each.
   */
  beforeCommit?: BeforeCommitHook;
}>;

const DEFAULT_POLLING: PollingSettings = {
  maxIdleDelayMs: 250,
  heldBackDelayMs: 5,
  maxRetryDelayMs: 5_000,
  defaultBatchSize: 1_000,
};

/** Channel names are identifiers: at most 63 bytes. */
const channelFor = (schema: string): string => `orderly_events_${schema}`.slice(0, 63);

/** The embedded default event store (DESIGN §4). The pool stays the caller's: close() does not end it. */
export class PostgresEventStore implements EventStore {
  private readonly wakeups: Wakeups;
  private readonly polling: PollingSettings;
  private readonly logger: EventStoreLogger;
  private readonly closing = new AbortController();
  private readonly streamReads: ReturnType<typeof batchedStreamReads>;
  private channel: Promise<string> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.polling = { ...DEFAULT_POLLING, ...options.polling };
    this.wakeups = new Wakeups(pool, () => this.resolveChannel(), options.notifyIntervalMs ?? 5, this.logger);
    this.streamReads = batchedStreamReads(pool);
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: Readonly<{ expectedRevision?: ExpectedRevision }> = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const result = await withConnectionErrorsMapped(() =>
      appendEvents(this.pool, streamName, events, expected, this.options.beforeCommit),
    );
    if (events.length > 0) this.wakeups.appended();
    return result;
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const wholeForwards = (options.direction ?? 'forwards') === 'forwards' && options.maxCount === undefined;
    if (!wholeForwards)
      return withConnectionErrorsMapped(() => reads.readStream(this.pool, streamName, options));
    return withConnectionErrorsMapped(async () => {
      const read = { streamName, fromRevision: options.fromRevision ?? 0n };
      const events = await this.streamReads.load(read);
      if (events === undefined) throw new StreamNotFoundError(streamName);
      return events;
    });
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return withConnectionErrorsMapped(() => reads.readAll(this.pool, options));
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    const signals = [this.closing.signal, ...(options.signal === undefined ? [] : [options.signal])];
    const context = { pool: this.pool, wakeups: this.wakeups, logger: this.logger, polling: this.polling };
    return subscribeToAll(context, { ...options, signal: AbortSignal.any(signals) });
  }

  headPosition(): Promise<Position | undefined> {
    return withConnectionErrorsMapped(() => reads.headPosition(this.pool));
  }

  heldBack(options: Readonly<{ filter?: EventFilter; cap: number }>): Promise<HeldBackEvents> {
    return withConnectionErrorsMapped(() => reads.heldBack(this.pool, options));
  }

  /** Ends the subscriptions and the LISTEN connection, and sends a pending NOTIFY. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.wakeups.close();
  }

  private resolveChannel(): Promise<string> {
    if (this.options.channel !== undefined) return Promise.resolve(this.options.channel);
    if (this.channel === undefined) {
      this.channel = this.pool
        .query<{ schema: string }>('select current_schema() as schema')
        .then(({ rows }) => channelFor(rows[0]?.schema ?? 'public'));
      this.channel.catch(() => (this.channel = undefined));
    }
    return this.channel;
  }
}
