import type { Decider, Message } from '../../domain/shared/decider';
import type { Position } from '../eventStore/position';

export type StreamState<State> = Readonly<{
  state: State;
  /** Last revision, or undefined when the stream does not exist yet. */
  revision: bigint | undefined;
  position: Position | undefined;
  lastHash: string;
}>;

type Entry = Readonly<{ decider: unknown; stream: StreamState<unknown> }>;

/**
 * The last state this process saw of each recently used stream, least recently used dropped first. States
 * are immutable and events never change, so a cached state plus the events after its revision is the
 * stream's state: a long-lived stream (a wallet with years of payments) costs a read of its tail per
 * command, not a fold of its whole history. Another process's appends are in that tail; a stale entry can
 * only cost a concurrency conflict, which the handler retries with a fresh read.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxStreams: number) {}

  get<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    streamName: string,
  ): StreamState<S> | undefined {
    const entry = this.entries.get(streamName);
    if (entry === undefined || entry.decider !== decider) return undefined;
    this.entries.delete(streamName); // re-inserted as the most recently used
    this.entries.set(streamName, entry);
    return entry.stream as StreamState<S>;
  }

  set<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    stream: StreamState<S>,
  ): void {
    if (this.maxStreams <= 0 || stream.revision === undefined) return;
    const known = this.entries.get(streamName)?.stream.revision;
    if (known !== undefined && known > stream.revision) return; // a later state is already here
    this.entries.delete(streamName);
    this.entries.set(streamName, { decider, stream });
    if (this.entries.size > this.maxStreams) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }
}
