import type { EventStore, RecordedEvent } from '../../../src/application/eventStore/eventStore';

/** Every event of the run's schema, in `$all` order, through the event store port. */
export const allEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ from: events.at(-1)?.position, maxCount: 5000 });
    events.push(...page);
    if (page.length < 5000) return events;
  }
};

export const byStream = (events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const stream = streams.get(event.streamName) ?? [];
    stream.push(event);
    streams.set(event.streamName, stream);
  }
  return streams;
};

export const dataString = (event: RecordedEvent, key: string): string => String(event.data[key]);

export const dataNumber = (event: RecordedEvent, key: string): number => Number(event.data[key]);
