import type { Decider, Message } from '../../domain/shared/decider';
import { OrderlyError } from '../../domain/shared/errors';
import { computeEventHash, GENESIS_HASH } from '../audit/hashChain';
import { StreamNotFoundError, WrongExpectedVersionError } from '../eventStore/errors';
import type { EventMetadata, EventStore, EventToAppend, RecordedEvent } from '../eventStore/eventStore';
import type { Position } from '../eventStore/position';
import type { IdGenerator } from '../ports';

export const SCHEMA_VERSION = 1;

/** Who asked and why: copied into every appended event's metadata. */
export type CommandContext = Readonly<{ correlationId: string; causationId?: string; userId?: string }>;

export type HandleOptions = Readonly<{
  /** From `If-Match`: the stream must be at exactly this revision, else 412 (no retry). */
  expectedRevision?: bigint;
  /** Deterministic event ids (process managers), so a replayed command appends nothing twice. */
  eventId?: (index: number) => string;
}>;

export type StreamState<State> = Readonly<{
  state: State;
  /** Last revision, or undefined when the stream does not exist yet. */
  revision: bigint | undefined;
  position: Position | undefined;
  lastHash: string;
}>;

export type CommandResult<State, Event> = StreamState<State> & Readonly<{ events: readonly Event[] }>;

export class PreconditionFailedError extends OrderlyError {
  constructor(streamName: string, expected: bigint, actual: bigint | undefined) {
    super(
      'precondition_failed',
      'STREAM.REVISION_MISMATCH',
      `${streamName} is not at revision ${expected}.`,
      {
        expected: expected.toString(),
        actual: actual === undefined ? null : actual.toString(),
      },
    );
  }
}

export type CommandHandlerDeps = Readonly<{
  store: EventStore;
  ids: IdGenerator;
  /** Retries of a concurrency conflict when the client did not pin a revision. */
  conflictRetries: number;
}>;

const readAllOf = async (store: EventStore, streamName: string): Promise<RecordedEvent[]> => {
  try {
    return await store.readStream(streamName);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

const jitteredPause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** attempt)));

/** Load → decide → append with the expected revision, retrying conflicts: the one command handler. */
export const createCommandHandler = (deps: CommandHandlerDeps) => {
  const load = async <C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    streamName: string,
  ): Promise<StreamState<S>> => {
    const recorded = await readAllOf(deps.store, streamName);
    const state = recorded.reduce(
      (current, event) => decider.evolve(current, event as unknown as E),
      decider.initialState(),
    );
    const last = recorded.at(-1);
    const lastHash = typeof last?.metadata.hash === 'string' ? last.metadata.hash : GENESIS_HASH;
    return { state, revision: last?.revision, position: last?.position, lastHash };
  };

  const toAppend = (
    events: readonly Message[],
    stream: StreamState<unknown>,
    context: CommandContext,
    options: HandleOptions,
  ) => {
    let prevHash = stream.lastHash;
    return events.map((event, index): EventToAppend => {
      const base: EventMetadata = { ...context, schemaVersion: SCHEMA_VERSION, prevHash };
      const hash = computeEventHash(prevHash, { type: event.type, data: event.data, metadata: base });
      prevHash = hash;
      const id = options.eventId?.(index) ?? deps.ids.newId();
      return { id, type: event.type, data: event.data as EventToAppend['data'], metadata: { ...base, hash } };
    });
  };

  const attempt = async <C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    command: C,
    context: CommandContext,
    options: HandleOptions,
  ): Promise<CommandResult<S, E>> => {
    const stream = await load(decider, streamName);
    if (options.expectedRevision !== undefined && options.expectedRevision !== stream.revision) {
      throw new PreconditionFailedError(streamName, options.expectedRevision, stream.revision);
    }
    const events = decider.decide(command, stream.state);
    if (events.length === 0) return { ...stream, events };
    const toWrite = toAppend(events, stream, context, options);
    const appended = await deps.store.appendToStream(streamName, toWrite, {
      expectedRevision: stream.revision ?? 'no_stream',
    });
    const state = events.reduce(decider.evolve, stream.state);
    const lastHash = String(toWrite.at(-1)?.metadata?.hash);
    return { state, events, revision: appended.nextExpectedRevision, position: appended.position, lastHash };
  };

  const handle = async <C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    command: C,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandResult<S, E>> => {
    for (let tries = 0; ; tries += 1) {
      try {
        return await attempt(decider, streamName, command, context, options);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (options.expectedRevision !== undefined) {
          throw new PreconditionFailedError(streamName, options.expectedRevision, undefined);
        }
        if (tries >= deps.conflictRetries) throw error;
        await jitteredPause(tries);
      }
    }
  };

  return { handle, load };
};

export type CommandHandler = ReturnType<typeof createCommandHandler>;
