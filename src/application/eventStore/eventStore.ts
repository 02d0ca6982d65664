import type { Position } from './position';

export type EventMetadata = Readonly<{
  correlationId?: string;
  causationId?: string;
  userId?: string;
  schemaVersion?: number;
  /** Tamper evidence, chained per stream: sha256(prevHash + canonical JSON of type, data, metadata). */
  hash?: string;
  prevHash?: string;
  [key: string]: unknown;
}>;

export type EventData = Readonly<Record<string, unknown>>;

export type EventToAppend = Readonly<{
  /** A UUID. Re-appending the same ids at the same expected revision is a no-op success. */
  id: string;
  type: string;
  data: EventData;
  metadata?: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  id: string;
  type: string;
  streamName: string;
  revision: bigint;
  position: Position;
  recordedAt: Date;
  data: EventData;
  metadata: EventMetadata;
}>;

/** `'no_stream'`: the stream must not exist; `'stream_exists'`: it must; a bigint: its last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendResult = Readonly<{
  /** Revision of the last event written (or found, for an idempotent re-append). */
  nextExpectedRevision: bigint;
  /** Position of the last event written: the consistency token handed to clients. */
  position: Position;
}>;

export type Direction = 'forwards' | 'backwards';

export type ReadStreamOptions = Readonly<{
  direction?: Direction;
  /** Inclusive. Defaults to the first revision forwards, the last one backwards. */
  fromRevision?: bigint;
  maxCount?: number;
}>;

/** Events matching any listed type, or any stream starting with one of the prefixes. */
export type EventFilter = Readonly<{ eventTypes: readonly string[] } | { streamPrefixes: readonly string[] }>;

export type ReadAllOptions = Readonly<{
  direction?: Direction;
  /** Exclusive: forwards reads events strictly after it, backwards strictly before it. */
  from?: Position;
  maxCount?: number;
  filter?: EventFilter;
}>;

export type SubscribeOptions = Readonly<{
  /** Exclusive; `undefined` means from the very start. */
  from?: Position;
  filter?: EventFilter;
  /** Largest batch handed over at once (catch-up reads fill it; live delivery hands what has arrived). */
  maxBatchSize?: number;
  /** Ends the subscription: the iterator returns once aborted. */
  signal?: AbortSignal;
}>;

export type HeldBackEvents = Readonly<{ count: number; oldestRecordedAt: Date | undefined }>;

/**
 * The event store port. Everything outside src/infrastructure talks to events through this; the Postgres
 * adapter (embedded default) and the EventStoreDB adapter both pass one contract suite.
 */
export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: Readonly<{ expectedRevision?: ExpectedRevision }>,
  ): Promise<AppendResult>;

  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Delivers every committed event after `from` exactly once, in `$all` order, in batches; then follows
   * live appends. A subscriber restarted from its last handled position resumes without loss.
   */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<readonly RecordedEvent[]>;

  /** Position of the last event in `$all` visible to subscribers, or undefined when empty. */
  headPosition(): Promise<Position | undefined>;

  /**
   * Events already committed that subscribers cannot be given yet, and the oldest one's time: on Postgres
   * those behind a transaction still open (the xmin gate), counted up to `cap`. EventStoreDB delivers
   * whatever it has committed, so there it is always none. Operators see a stall through this.
   */
  heldBack(options: Readonly<{ filter?: EventFilter; cap: number }>): Promise<HeldBackEvents>;

  close(): Promise<void>;
}
