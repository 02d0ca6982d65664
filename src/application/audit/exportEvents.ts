import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { type EventRange, scanRange } from './eventRange';

/** The range's events, a page at a time, for streaming out (an export never holds the whole range). */
export async function* exportEvents(
  store: EventStore,
  range: EventRange,
  pageSize = 2_000,
): AsyncGenerator<readonly RecordedEvent[]> {
  for await (const page of scanRange(store, range, pageSize)) {
    if (page.events.length > 0) yield page.events;
  }
}
