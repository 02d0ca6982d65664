import { Client, type Pool } from 'pg';
import type { EventStoreLogger } from './logger';

// An announcement need not be durable: it is a hint, and the subscribers' polling is the safety net.
const NOTIFY = {
  name: 'orderly_es_notify',
  text: "select set_config('synchronous_commit', 'off', true), pg_notify($1, $2)",
};

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Tells other processes that events were appended: at most one NOTIFY per interval, sent after the append
 * committed, from its own statement. A NOTIFY inside every append would serialize the commits. Its payload
 * names the sender, so the sender's own listener can ignore it.
 */
export class CoalescedNotifier {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private scheduled: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly channel: () => Promise<string>,
    private readonly intervalMs: number,
    private readonly logger: EventStoreLogger,
    private readonly sender: string,
  ) {}

  request(): void {
    if (this.scheduled !== undefined) return;
    const delay = this.lastSentAt + this.intervalMs - performance.now();
    this.scheduled = setTimeout(() => this.send(), Math.max(0, delay));
    this.scheduled.unref();
  }

  /** Sends what is still scheduled, then waits for the last NOTIFY. */
  async flush(): Promise<void> {
    if (this.scheduled !== undefined) {
      clearTimeout(this.scheduled);
      this.send();
    }
    await this.sending;
  }

  private send(): void {
    this.scheduled = undefined;
    this.lastSentAt = performance.now();
    this.sending = this.channel()
      .then((channel) => this.pool.query({ ...NOTIFY, values: [channel, this.sender] }))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, 'event store: NOTIFY failed; subscribers poll'),
      );
  }
}

/**
 * One dedicated LISTEN connection per store, open only while it has subscriptions. When the connection
 * drops it reconnects with back-off and wakes everyone, since notifications may have been missed.
 * Notifications from `ownSender` are ignored: the store woke its subscriptions itself when it appended, and
 * waking them again cost every subscription one more read per append.
 */
export class NotificationListener {
  private client: Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private failures = 0;
  private running = false;

  constructor(
    private readonly pool: Pool,
    private readonly channel: () => Promise<string>,
    private readonly onNotification: () => void,
    private readonly logger: EventStoreLogger,
    private readonly ownSender: string,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnect);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.pool.options);
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, undefined));
    client.on('notification', ({ payload }) => {
      if (payload !== this.ownSender) this.onNotification();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${quoteIdentifier(await this.channel())}`);
      this.failures = 0;
      this.onNotification();
    } catch (error) {
      this.dropped(client, error);
    }
  }

  private dropped(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (!this.running) return;
    this.failures += 1;
    const delay = Math.min(100 * 2 ** (this.failures - 1), 5_000);
    this.logger.warn({ err: error, retryInMs: delay }, 'event store: LISTEN connection lost; reconnecting');
    this.onNotification();
    this.reconnect = setTimeout(() => void this.connect(), delay);
    this.reconnect.unref();
  }
}
