import type { EventFilter, EventStore, RecordedEvent } from '../eventStore/eventStore';
import { isAfter, type Position } from '../eventStore/position';

/** A slice of `$all`: positions (after, upTo], optionally only some types and a recorded-at window. */
export type EventRange = Readonly<{
  after?: Position;
  /** Inclusive. */
  upTo?: Position;
  types?: readonly string[];
  /** Inclusive lower bound of recordedAt. */
  since?: Date;
  /** Exclusive upper bound of recordedAt. */
  until?: Date;
}>;

const filterOf = (range: EventRange): EventFilter | undefined =>
  range.types === undefined || range.types.length === 0 ? undefined : { eventTypes: range.types };

/** recordedAt follows `$all` only roughly (it is the append's start time), so time is a filter, not a bound. */
export const inTimeWindow = (event: RecordedEvent, range: EventRange): boolean => {
  const at = event.recordedAt.getTime();
  return (
    (range.since === undefined || at >= range.since.getTime()) &&
    (range.until === undefined || at < range.until.getTime())
  );
};

export type ScannedPage = Readonly<{
  /** The events of the page that fall in the range. */
  events: readonly RecordedEvent[];
  /** How many events were read for this page, matching the time window or not. */
  readCount: number;
  /** Position of the last event read (matching or not); undefined when nothing was read. */
  lastRead: Position | undefined;
  /** The range is exhausted: the store's end or `upTo` was reached. */
  done: boolean;
}>;

/**
 * Reads the range page by page through the port, the next page while the caller handles the current one.
 * Never holds more than two pages, whatever the size of the range.
 */
export async function* scanRange(
  store: EventStore,
  range: EventRange,
  pageSize = 1_000,
): AsyncGenerator<ScannedPage> {
  const filter = filterOf(range);
  const read = (from: Position | undefined) => store.readAll({ from, maxCount: pageSize, filter });
  for (let next = read(range.after); ;) {
    const page = await next;
    const beyond =
      range.upTo === undefined
        ? -1
        : page.findIndex((event) => isAfter(event.position, range.upTo as Position));
    const inRange = beyond < 0 ? page : page.slice(0, beyond);
    const lastRead = inRange.at(-1)?.position;
    const done = beyond >= 0 || page.length < pageSize || lastRead === undefined;
    next = done ? Promise.resolve([]) : read(lastRead);
    next.catch(() => undefined); // awaited on the next turn, unless the consumer stops first
    const events =
      range.since === undefined && range.until === undefined
        ? inRange
        : inRange.filter((e) => inTimeWindow(e, range));
    yield { events, readCount: inRange.length, lastRead, done };
    if (done) return;
  }
}
