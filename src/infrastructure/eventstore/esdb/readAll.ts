import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { Direction, ReadAllOptions, RecordedEvent } from '../../../application/eventStore/eventStore';
import { isAfter, type Position } from '../../../application/eventStore/position';
import { matchesFilter } from './filters';
import { toRecordedEvent } from './mapping';

/** Events fetched per round trip; system events and filtered-out ones are skipped on our side. */
const PAGE_SIZE = 500;

const readPage = async (
  client: EventStoreDBClient,
  direction: Direction,
  from: Position | undefined,
  maxCount: number,
): Promise<AllStreamResolvedEvent[]> => {
  const fromPosition = from ?? (direction === 'forwards' ? START : END);
  const page: AllStreamResolvedEvent[] = [];
  const read = client.readAll({
    direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
    fromPosition,
    maxCount,
  });
  for await (const resolved of read) page.push(resolved);
  return page;
};

/** Strictly past the cursor in the reading direction: the port's `from` is exclusive, the client's is not. */
const isBeyond = (position: Position, cursor: Position | undefined, direction: Direction): boolean =>
  cursor === undefined || (direction === 'forwards' ? isAfter(position, cursor) : isAfter(cursor, position));

/** One round trip: up to `maxCount` events of `$all` from `from` (the client's position is inclusive). */
export type ReadAllPage = (
  direction: Direction,
  from: Position | undefined,
  maxCount: number,
) => Promise<readonly AllStreamResolvedEvent[]>;

/**
 * Reads `$all` page by page until `maxCount` events match or the log ends. The 6.x client cannot filter
 * `readAll` on the server, so the filter applies here; the cursor moves past every event seen, matching
 * or not, so each page starts where the previous one stopped.
 */
export const pageThroughAll = async (
  readPage: ReadAllPage,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> => {
  const direction = options.direction ?? 'forwards';
  const wanted = options.maxCount ?? Number.POSITIVE_INFINITY;
  const found: RecordedEvent[] = [];
  let cursor = options.from;
  while (found.length < wanted) {
    // One more than needed: the event at the cursor itself may come back and be skipped.
    const pageSize =
      options.filter === undefined ? Math.min(PAGE_SIZE, wanted - found.length + 1) : PAGE_SIZE;
    const page = await readPage(direction, cursor, pageSize);
    for (const resolved of page) {
      const position = resolved.event?.position;
      if (position === undefined || !isBeyond(position, cursor, direction)) continue;
      cursor = position;
      const recorded = toRecordedEvent(resolved);
      if (recorded !== undefined && matchesFilter(recorded, options.filter)) found.push(recorded);
      if (found.length >= wanted) break;
    }
    if (page.length < pageSize) break;
  }
  return found;
};

export const readAllMatching = (
  client: EventStoreDBClient,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> =>
  pageThroughAll((direction, from, maxCount) => readPage(client, direction, from, maxCount), options);
