import type { RecordedEvent } from '../../application/eventStore/eventStore';

/** A recorded event whose type and data are one of the domain's events. */
export type Recorded<Event> = RecordedEvent & Event;

/** Keeps the events the guard accepts, typed as domain events (the store hands them over untyped). */
export const eventsOf = <Event extends { readonly type: string }>(
  events: readonly RecordedEvent[],
  guard: (event: { readonly type: string }) => event is Event,
): Recorded<Event>[] => events.filter((event): event is Recorded<Event> => guard(event));
