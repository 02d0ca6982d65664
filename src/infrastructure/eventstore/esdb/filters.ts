import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { EventFilter, RecordedEvent } from '../../../application/eventStore/eventStore';

/**
 * The server-side filter of a subscription. EventStoreDB filters event types by prefix, so a type filter
 * also lets `OrderPlacedV2` through for `OrderPlaced`: `matchesFilter` makes it exact on our side.
 * Without a filter, system events are dropped on the server rather than shipped and skipped.
 */
export const toSubscriptionFilter = (filter: EventFilter | undefined): Filter => {
  if (filter === undefined) return excludeSystemEvents();
  if ('eventTypes' in filter) return eventTypeFilter({ prefixes: [...filter.eventTypes] });
  return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
};

export const matchesFilter = (event: RecordedEvent, filter: EventFilter | undefined): boolean => {
  if (filter === undefined) return true;
  if ('eventTypes' in filter) return filter.eventTypes.includes(event.type);
  return filter.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix));
};
