import type { Decider, Message } from '../../domain/shared/decider';
import { GENESIS_HASH } from '../audit/hashChain';
import { StreamNotFoundError } from '../eventStore/errors';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { type StreamState, StreamStateCache, type StreamStateLimits } from './streamStateCache';

const readAllOf = async (
  store: EventStore,
  streamName: string,
  fromRevision?: bigint,
): Promise<RecordedEvent[]> => {
  try {
    return await store.readStream(streamName, { fromRevision });
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** Streams' states: the last one this process saw of each recently used stream, or read from the store. */
export const streamStates = (store: EventStore, limits: StreamStateLimits) => {
  const cache = new StreamStateCache(limits);

  /** The stream as it is now: the kept state brought up to date with the events after it. */
  const load = async <C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    streamName: string,
  ): Promise<StreamState<S>> => {
    const cached = cache.get(decider, streamName);
    const from = cached?.revision === undefined ? undefined : cached.revision + 1n;
    const recorded = await readAllOf(store, streamName, from);
    const state = recorded.reduce(
      (current, event) => decider.evolve(current, event as unknown as E),
      cached?.state ?? decider.initialState(),
    );
    const last = recorded.at(-1);
    const lastHash = typeof last?.metadata.hash === 'string' ? last.metadata.hash : GENESIS_HASH;
    const loaded: StreamState<S> =
      cached !== undefined && last === undefined
        ? cached
        : { state, revision: last?.revision, position: last?.position, lastHash };
    cache.set(decider, streamName, loaded);
    return loaded;
  };

  return {
    load,
    /** The last state this process saw, possibly stale (undefined when it keeps none). */
    known: <C extends Message, E extends Message, S>(decider: Decider<C, E, S>, streamName: string) =>
      cache.get(decider, streamName),
    remember: <C extends Message, E extends Message, S>(
      decider: Decider<C, E, S>,
      streamName: string,
      stream: StreamState<S>,
    ) => cache.set(decider, streamName, stream),
  };
};
