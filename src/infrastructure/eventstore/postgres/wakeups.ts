import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { EventStoreLogger } from './logger';
import { CoalescedNotifier, NotificationListener } from './notifications';
import { Waiter } from './waiter';

/**
 * Wakes subscriptions when events were appended: this store's appends wake its subscriptions directly,
 * other processes' (and other stores') appends arrive as a coalesced NOTIFY on the store's channel; the
 * store's own NOTIFYs come back to its listener too and are ignored.
 */
export class Wakeups {
  private readonly waiters = new Set<Waiter>();
  private readonly notifier: CoalescedNotifier;
  private readonly listener: NotificationListener;

  constructor(
    pool: Pool,
    channel: () => Promise<string>,
    notifyIntervalMs: number,
    logger: EventStoreLogger,
  ) {
    const sender = randomUUID();
    this.notifier = new CoalescedNotifier(pool, channel, notifyIntervalMs, logger, sender);
    this.listener = new NotificationListener(pool, channel, () => this.wakeAll(), logger, sender);
  }

  /** Called after an append committed. */
  appended(): void {
    this.wakeAll();
    this.notifier.request();
  }

  register(): Waiter {
    const waiter = new Waiter();
    this.waiters.add(waiter);
    this.listener.start();
    return waiter;
  }

  unregister(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (this.waiters.size === 0) void this.listener.stop();
  }

  async close(): Promise<void> {
    await this.notifier.flush();
    await this.listener.stop();
  }

  private wakeAll(): void {
    for (const waiter of this.waiters) waiter.wake();
  }
}
