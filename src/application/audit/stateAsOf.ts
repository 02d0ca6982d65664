import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { ENTITIES, type EntityKind } from './entities';
import { toPlainState } from './plainState';
import { redactPersonalData } from './redaction';

/** Replay up to and including a revision, or every event recorded at or before an instant. */
export type AsOf = Readonly<{ revision: bigint }> | Readonly<{ at: Date }>;

export type EntityStateView = Readonly<{
  kind: EntityKind;
  id: string;
  streamName: string;
  /** The revision the replay stopped at; null when no event came before the requested point. */
  revision: string | null;
  recordedAt: string | null;
  eventsApplied: number;
  state: unknown;
}>;

const PAGE_SIZE = 1_000;

const isPast = (event: RecordedEvent, asOf: AsOf): boolean =>
  'revision' in asOf ? event.revision > asOf.revision : event.recordedAt.getTime() > asOf.at.getTime();

/**
 * The entity's state as it was, folded with the domain's own evolve over its stream's first events, a page
 * at a time. Throws StreamNotFoundError when the entity has no stream.
 */
export const stateAsOf = async (
  store: EventStore,
  kind: EntityKind,
  id: string,
  asOf: AsOf,
): Promise<EntityStateView> => {
  const entity = ENTITIES[kind];
  const streamName = entity.streamOf(id);
  let state = entity.initialState();
  let last: RecordedEvent | undefined;
  let applied = 0;
  for (let from = 0n; ;) {
    const page = await store.readStream(streamName, { fromRevision: from, maxCount: PAGE_SIZE });
    const stop = page.findIndex((event) => isPast(event, asOf));
    for (const event of stop < 0 ? page : page.slice(0, stop)) {
      state = entity.evolve(state, event);
      last = event;
      applied += 1;
    }
    if (stop >= 0 || page.length < PAGE_SIZE || last === undefined) break;
    from = last.revision + 1n;
  }
  return {
    kind,
    id,
    streamName,
    revision: last?.revision.toString() ?? null,
    recordedAt: last?.recordedAt.toISOString() ?? null,
    eventsApplied: applied,
    state: redactPersonalData(toPlainState(state)),
  };
};
