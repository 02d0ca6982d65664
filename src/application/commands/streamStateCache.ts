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

export type StreamStateLimits = Readonly<{
  /** Streams kept at most. */
  streams: number;
  /** Events folded into the kept states at most, all streams together (a state grows with its history). */
  events: number;
}>;

const eventsIn = (stream: StreamState<unknown>): number => Number(stream.revision ?? -1n) + 1;

/**
 * The last state this process saw of each recently used stream, least recently used dropped first. States
 * are immutable and events never change, so a cached state plus the events after its revision is the
 * stream's state: a long-lived stream (a wallet with years of payments) costs a read of its tail per
 * command, not a fold of its whole history. Another process's appends are in that tail; a stale entry can
 * only cost a concurrency conflict, which the handler retries with a fresh read. Bounded by streams and by
 * the events folded into them: a merchant's wallet keeps an entry per order it was paid for, so a thousand
 * such states would not fit where a thousand new customers' do. The newest state stays, however large.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry>();
  private events = 0;

  constructor(private readonly limits: StreamStateLimits) {}

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
    if (this.limits.streams <= 0 || stream.revision === undefined) return;
    const known = this.entries.get(streamName)?.stream;
    if (known?.revision !== undefined && known.revision > stream.revision) return; // a later state is here
    this.drop(streamName);
    this.entries.set(streamName, { decider, stream });
    this.events += eventsIn(stream);
    while (this.entries.size > 1 && this.overLimits()) this.drop(this.entries.keys().next().value!);
  }

  private overLimits(): boolean {
    return this.entries.size > this.limits.streams || this.events > this.limits.events;
  }

  private drop(streamName: string): void {
    const entry = this.entries.get(streamName);
    if (entry === undefined) return;
    this.entries.delete(streamName);
    this.events -= eventsIn(entry.stream);
  }
}
