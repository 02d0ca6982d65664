import type { Pool } from 'pg';
import type {
  EventFilter,
  RecordedEvent,
  SubscribeOptions,
} from '../../../application/eventStore/eventStore';
import { EventStoreUnavailableError } from '../../../application/eventStore/errors';
import { maxPosition, type Position } from '../../../application/eventStore/position';
import { mapConnectionError } from './errors';
import type { EventStoreLogger } from './logger';
import { type GatedBatch, readAllGated } from './reads';
import { START } from './rows';
import type { WaitOutcome } from './waiter';
import type { Wakeups } from './wakeups';

export type PollingSettings = Readonly<{
  /** Longest sleep between polls when nothing happens. */
  maxIdleDelayMs: number;
  /** Longest sleep while committed events wait behind an older open transaction. */
  heldBackDelayMs: number;
  /** Longest sleep between retries while the database is unreachable. */
  maxRetryDelayMs: number;
  defaultBatchSize: number;
}>;

export type SubscriptionContext = Readonly<{
  pool: Pool;
  wakeups: Wakeups;
  logger: EventStoreLogger;
  polling: PollingSettings;
}>;

const readOrReport = async (
  context: SubscriptionContext,
  cursor: Position,
  filter: EventFilter | undefined,
  batchSize: number,
): Promise<GatedBatch | EventStoreUnavailableError> => {
  try {
    return await readAllGated(context.pool, cursor, batchSize, filter);
  } catch (error) {
    const mapped = mapConnectionError(error);
    if (!(mapped instanceof EventStoreUnavailableError)) throw mapped;
    context.logger.warn({ err: error }, 'event store: subscription read failed; retrying');
    return mapped;
  }
};

/** Where the next read starts and how long to sleep before it. */
class PollState {
  private idlePolls = 0;
  private failures = 0;

  constructor(
    public cursor: Position,
    private readonly polling: PollingSettings,
  ) {}

  /** Moves past a successful read; true when the batch was full, so more is waiting to be read at once. */
  advance(batch: GatedBatch, batchSize: number): boolean {
    this.failures = 0;
    const last = batch.events[batch.events.length - 1];
    if (last !== undefined) {
      this.cursor = last.position;
      // Later appends wake the subscription (in-process, or by NOTIFY from other processes) and events
      // still behind the gate are polled for by `heldBack`: polling again at 1, 2, 4 ms would only read
      // nothing (it cost a subscriber two or three empty reads per append).
      this.idlePolls = this.settledPolls;
    }
    if (batch.events.length === batchSize) return true;
    // Nothing matching is left below the gate: later reads may start there, skipping what was scanned.
    this.cursor = maxPosition(this.cursor, { commit: batch.gate, prepare: 0n });
    return false;
  }

  /** 1 ms doubling while idle, kept short while events are held back by the gate. */
  idleDelay(heldBack: boolean): number {
    const delay = Math.min(2 ** this.idlePolls, this.polling.maxIdleDelayMs);
    return heldBack ? Math.min(delay, this.polling.heldBackDelayMs) : delay;
  }

  /**
   * A wake-up follows every append's commit (in-process at once, from other processes by a NOTIFY sent
   * after it), so the read it triggers finds the append and the next append wakes the subscription again:
   * polling soon after it would only repeat empty reads. Held-back events are polled for by `idleDelay`.
   */
  slept(outcome: WaitOutcome): void {
    this.idlePolls = outcome === 'woken' ? this.settledPolls : this.idlePolls + 1;
  }

  private get settledPolls(): number {
    return Math.ceil(Math.log2(this.polling.maxIdleDelayMs));
  }

  retryDelay(): number {
    this.failures += 1;
    return Math.min(50 * 2 ** this.failures, this.polling.maxRetryDelayMs);
  }
}

/**
 * Follows `$all` behind the xmin gate: catch-up reads fill whole batches back to back, then the subscription
 * sleeps until woken by an append, with adaptive polling as the safety net for missed wake-ups. A lost
 * database is retried with back-off (and logged) rather than ending the subscription.
 */
export async function* subscribeToAll(
  context: SubscriptionContext,
  options: SubscribeOptions,
): AsyncGenerator<readonly RecordedEvent[]> {
  const { signal } = options;
  const aborted = (): boolean => signal?.aborted === true;
  const batchSize = options.maxBatchSize ?? context.polling.defaultBatchSize;
  const state = new PollState(options.from ?? START, context.polling);
  const waiter = context.wakeups.register();
  const read = () => readOrReport(context, state.cursor, options.filter, batchSize);
  let prefetched: ReturnType<typeof read> | undefined;
  try {
    while (!aborted()) {
      const batch = await (prefetched ?? read());
      prefetched = undefined;
      if (batch instanceof EventStoreUnavailableError) {
        await waiter.wait(state.retryDelay(), signal);
        continue;
      }
      if (aborted()) return;
      const full = state.advance(batch, batchSize);
      // Catching up: the server runs the next page's query while the subscriber handles this one.
      if (full) prefetched = read();
      prefetched?.catch(() => undefined); // awaited on the next turn, unless the subscriber stops first
      if (batch.events.length > 0) yield batch.events;
      if (!full) state.slept(await waiter.wait(state.idleDelay(batch.heldBack), signal));
    }
  } finally {
    context.wakeups.unregister(waiter);
  }
}
