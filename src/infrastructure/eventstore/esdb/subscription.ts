import { START, type AllStreamResolvedEvent, type EventStoreDBClient } from '@eventstore/db-client';
import type {
  EventFilter,
  RecordedEvent,
  SubscribeOptions,
} from '../../../application/eventStore/eventStore';
import { isAfter, type Position } from '../../../application/eventStore/position';
import { mapEsdbError } from './errors';
import { matchesFilter, toSubscriptionFilter } from './filters';
import { toRecordedEvent } from './mapping';
import { readableBatches } from './readableBatches';

const DEFAULT_MAX_BATCH_SIZE = 100;

/** The port's events of a raw batch, strictly after the last position handed over (never twice). */
export const toSubscriptionBatch = (
  raw: readonly AllStreamResolvedEvent[],
  filter: EventFilter | undefined,
  after: Position | undefined,
): RecordedEvent[] => {
  const batch: RecordedEvent[] = [];
  let last = after;
  for (const resolved of raw) {
    const recorded = toRecordedEvent(resolved);
    if (recorded === undefined || !matchesFilter(recorded, filter)) continue;
    if (last !== undefined && !isAfter(recorded.position, last)) continue;
    batch.push(recorded);
    last = recorded.position;
  }
  return batch;
};

const ignoreLateErrors = () => undefined;

/**
 * A catch-up subscription to `$all`. EventStoreDB's subscription start is already exclusive (the event at
 * `from` is not sent again), so a subscriber restarted from its checkpoint resumes right after it. The
 * client does not resubscribe after a dropped connection: the failure surfaces as
 * EventStoreUnavailableError and the caller restarts from its last checkpoint.
 */
export async function* subscribeToAll(
  client: EventStoreDBClient,
  options: SubscribeOptions,
): AsyncGenerator<readonly RecordedEvent[], void, undefined> {
  if (options.signal?.aborted) return;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  const subscription = client.subscribeToAll(
    { fromPosition: options.from ?? START, filter: toSubscriptionFilter(options.filter) },
    // Buffers a whole batch while the consumer works (the stream default, 16, would cap catch-up batches).
    { highWaterMark: maxBatchSize },
  );
  let last = options.from;
  try {
    const raw = readableBatches<AllStreamResolvedEvent>(subscription, maxBatchSize, options.signal);
    for await (const events of raw) {
      const batch = toSubscriptionBatch(events, options.filter, last);
      if (batch.length === 0) continue;
      last = batch[batch.length - 1]?.position;
      yield batch;
    }
  } catch (error) {
    throw mapEsdbError(error);
  } finally {
    // Cancelling the gRPC call may still report on the stream once nobody listens any more.
    subscription.on('error', ignoreLateErrors);
    await subscription.unsubscribe().catch(ignoreLateErrors);
  }
}
