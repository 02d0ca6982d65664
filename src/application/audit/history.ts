import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import type { Position } from '../eventStore/position';
import { type EventRange, scanRange } from './eventRange';

export type StreamHistoryPage = Readonly<{ events: readonly RecordedEvent[]; nextRevision: bigint | null }>;

/** One page of a stream's history from `fromRevision` (inclusive); throws StreamNotFoundError. */
export const readStreamHistory = async (
  store: EventStore,
  streamName: string,
  fromRevision: bigint,
  limit: number,
): Promise<StreamHistoryPage> => {
  const events = await store.readStream(streamName, { fromRevision, maxCount: limit + 1 });
  const more = events.length > limit;
  const page = more ? events.slice(0, limit) : events;
  const last = page.at(-1);
  return { events: page, nextRevision: more && last !== undefined ? last.revision + 1n : null };
};

export type AllEventsPage = Readonly<{
  events: readonly RecordedEvent[];
  /** Where the next page starts (exclusive); null once the range is exhausted. */
  next: Position | null;
}>;

/**
 * One page of `$all` in the range. Filters can leave long stretches without a match, so a page also ends
 * after `scanLimit` events were read: it may then hold fewer than `limit` events and still have a next one.
 */
export const readEventsPage = async (
  store: EventStore,
  range: EventRange,
  limit: number,
  scanLimit: number,
): Promise<AllEventsPage> => {
  const events: RecordedEvent[] = [];
  let scanned = 0;
  for await (const page of scanRange(store, range, Math.min(scanLimit, Math.max(limit, 500)))) {
    for (const event of page.events) {
      events.push(event);
      if (events.length === limit) return { events, next: event.position };
    }
    scanned += page.readCount;
    if (page.done) return { events, next: null };
    if (scanned >= scanLimit || page.lastRead === undefined) return { events, next: page.lastRead ?? null };
  }
  return { events, next: null };
};
