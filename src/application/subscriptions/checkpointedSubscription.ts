import { OrderlyError } from '../../domain/shared/errors';
import type { EventFilter, EventStore, RecordedEvent } from '../eventStore/eventStore';
import type { Position } from '../eventStore/position';
import type { AppLogger, CheckpointStore } from '../ports';

export type CheckpointedSubscriptionOptions = Readonly<{
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  filter?: EventFilter;
  handle: (event: RecordedEvent) => Promise<void>;
  logger: AppLogger;
  signal: AbortSignal;
  /** Called after a batch's effects and before its checkpoint is stored (fault-injection in tests). */
  beforeCheckpoint?: (lastPosition: Position) => Promise<void>;
  maxBackoffMs?: number;
}>;

/** A business refusal is final (retrying decides the same); anything else is infrastructure and retried. */
const isBusinessRefusal = (error: unknown): boolean =>
  error instanceof OrderlyError && error.kind !== 'unavailable' && !error.code.startsWith('STREAM.');

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Follows `$all` from a stored checkpoint, handles each event and stores the checkpoint only after the
 * effects of the batch: a crash in between replays the batch, so handlers must be idempotent.
 * Infrastructure failures are retried with back-off, never skipped.
 */
export const runCheckpointedSubscription = async (
  options: CheckpointedSubscriptionOptions,
): Promise<void> => {
  const { name, logger, signal } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  let backoffMs = 50;

  const handleOne = async (event: RecordedEvent): Promise<void> => {
    for (let delay = 50; !signal.aborted; delay = Math.min(delay * 2, maxBackoffMs)) {
      try {
        return await options.handle(event);
      } catch (error) {
        if (isBusinessRefusal(error)) {
          logger.warn(
            { err: error, subscription: name, eventId: event.id, type: event.type },
            'event refused by the domain',
          );
          return;
        }
        logger.error({ err: error, subscription: name, eventId: event.id }, 'handling failed; retrying');
        await pause(delay, signal);
      }
    }
    throw new Error('stopped');
  };

  while (!signal.aborted) {
    try {
      const from = await options.checkpoints.load(name);
      for await (const batch of options.store.subscribeToAll({ from, filter: options.filter, signal })) {
        let last: Position | undefined;
        for (const event of batch) {
          await handleOne(event);
          last = event.position;
        }
        if (last === undefined) continue;
        await options.beforeCheckpoint?.(last);
        await options.checkpoints.save(name, last);
        backoffMs = 50;
      }
    } catch (error) {
      if (signal.aborted) return;
      logger.error({ err: error, subscription: name }, 'subscription failed; resuming from the checkpoint');
      await pause(backoffMs, signal);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    }
  }
};
