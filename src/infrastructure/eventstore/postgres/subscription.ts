import type { Pool } from 'pg';
import type { RecordedEvent, SubscribeOptions } from '../../../application/eventStore/eventStore';
import { EventStoreUnavailableError } from '../../../application/eventStore/errors';
import { maxPosition, type Position } from '../../../application/eventStore/position';
import { mapConnectionError } from './errors';
import type { EventStoreLogger } from './logger';
import { type GatedBatch, readAllGated } from './reads';
import { START } from './rows';
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
  options: SubscribeOptions,
  batchSize: number,
): Promise<GatedBatch | EventStoreUnavailableError> => {
  try {
    return await readAllGated(context.pool, cursor, batchSize, options.filter);
  } catch (error) {
    const mapped = mapConnectionError(error);
    if (!(mapped instanceof EventStoreUnavailableError)) throw mapped;
    context.logger.warn({ err: error }, 'event store: subscription read failed; retrying');
    return mapped;
  }
};

/** 1 ms doubling while idle; short while events are held back; immediate after a wake-up. */
const idleDelay = (polling: PollingSettings, idlePolls: number, heldBack: boolean): number => {
  const delay = Math.min(2 ** idlePolls, polling.maxIdleDelayMs);
  return heldBack ? Math.min(delay, polling.heldBackDelayMs) : delay;
};

/**
 * Follows `$all` behind the xmin gate: catch-up reads fill whole batches back to back, then the subscription
 * sleeps until woken by an append, with adaptive polling as the safety net for missed wake-ups.
 */
export async function* subscribeToAll(
  context: SubscriptionContext,
  options: SubscribeOptions,
): AsyncGenerator<readonly RecordedEvent[]> {
  const { signal } = options;
  const aborted = (): boolean => signal?.aborted === true;
  const batchSize = options.maxBatchSize ?? context.polling.defaultBatchSize;
  const waiter = context.wakeups.register();
  let cursor = options.from ?? START;
  let idlePolls = 0;
  let failures = 0;
  try {
    while (!aborted()) {
      const batch = await readOrReport(context, cursor, options, batchSize);
      if (batch instanceof EventStoreUnavailableError) {
        failures += 1;
        await waiter.wait(Math.min(50 * 2 ** failures, context.polling.maxRetryDelayMs), signal);
        continue;
      }
      failures = 0;
      const last = batch.events[batch.events.length - 1];
      if (last !== undefined) {
        if (aborted()) return;
        cursor = last.position;
        idlePolls = 0;
        yield batch.events;
      }
      if (batch.events.length === batchSize) continue;
      // Nothing matching is left below the gate: later reads may start there, skipping what was scanned.
      cursor = maxPosition(cursor, { commit: batch.gate, prepare: 0n });
      const outcome = await waiter.wait(idleDelay(context.polling, idlePolls, batch.heldBack), signal);
      idlePolls = outcome === 'woken' ? 0 : idlePolls + 1;
    }
  } finally {
    context.wakeups.unregister(waiter);
  }
}
