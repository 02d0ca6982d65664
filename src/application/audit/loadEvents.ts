import type { EventStore, RecordedEvent } from '../eventStore/eventStore';

export type EventReference = Readonly<{ eventId: string; streamName: string; revision: bigint }>;

// Beyond this span, reading each event alone is cheaper than reading everything in between.
const MAX_SPAN = 500;

const revisionSpan = (refs: readonly EventReference[]): { from: bigint; count: number } => {
  let from = refs[0]?.revision ?? 0n;
  let to = from;
  for (const ref of refs) {
    if (ref.revision < from) from = ref.revision;
    if (ref.revision > to) to = ref.revision;
  }
  return { from, count: Number(to - from) + 1 };
};

/**
 * Reads the referenced events back from the store, one read per stream over the span of revisions named,
 * and hands them over in the order of `refs`. A reference whose event is no longer there is left out.
 */
export const loadEvents = async (
  store: EventStore,
  refs: readonly EventReference[],
): Promise<RecordedEvent[]> => {
  const byStream = new Map<string, EventReference[]>();
  for (const ref of refs) byStream.set(ref.streamName, [...(byStream.get(ref.streamName) ?? []), ref]);
  const found = new Map<string, RecordedEvent>();
  await Promise.all(
    [...byStream].map(async ([streamName, streamRefs]) => {
      const { from, count } = revisionSpan(streamRefs);
      const reads =
        count <= MAX_SPAN
          ? [{ fromRevision: from, maxCount: count }]
          : streamRefs.map((ref) => ({ fromRevision: ref.revision, maxCount: 1 }));
      for (const read of reads) {
        for (const event of await store.readStream(streamName, read)) found.set(event.id, event);
      }
    }),
  );
  return refs.flatMap((ref) => found.get(ref.eventId) ?? []);
};
