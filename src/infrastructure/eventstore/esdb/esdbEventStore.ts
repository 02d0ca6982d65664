import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  EventStoreDBClient,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../../application/eventStore/errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  HeldBackEvents,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../../../application/eventStore/eventStore';
import type { Position } from '../../../application/eventStore/position';
import { withEsdbErrors } from './errors';
import {
  isSystemEvent,
  toAppendResult,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toRecordedEvent,
} from './mapping';
import { readAllMatching } from './readAll';
import { subscribeToAll } from './subscription';

const satisfies = (expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return expected === actual;
};

/** The EventStoreDB adapter of the event store port (`@eventstore/db-client` 6.x, server 22.10 or later). */
export class EsdbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  /** `esdb://host:2113?tls=false` for the insecure dev node of docker-compose.yml. */
  static fromConnectionString(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: Readonly<{ expectedRevision?: ExpectedRevision }> = {},
  ): Promise<AppendResult> {
    const expectedRevision = options.expectedRevision ?? 'any';
    if (events.length === 0) return this.appendNothing(streamName, expectedRevision);
    return withEsdbErrors({ streamName, expectedRevision }, async () => {
      const result = await this.client.appendToStream(streamName, events.map(toEsdbEvent), {
        expectedRevision: toEsdbExpectedRevision(expectedRevision),
      });
      // Some servers answer an idempotent re-append without a position: the original last event carries it.
      return toAppendResult(result) ?? (await this.resultAt(streamName, result.nextExpectedRevision));
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    return withEsdbErrors({ streamName }, async () => {
      const read = this.client.readStream(streamName, {
        direction: forwards ? FORWARDS : BACKWARDS,
        fromRevision: options.fromRevision ?? (forwards ? START : END),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      const events: RecordedEvent[] = [];
      for await (const resolved of read) {
        const recorded = toRecordedEvent(resolved);
        if (recorded !== undefined) events.push(recorded);
        else if (isPositionMissing(resolved)) throw positionsUnsupported();
      }
      return events;
    });
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return withEsdbErrors({}, () => readAllMatching(this.client, options));
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    return subscribeToAll(this.client, options);
  }

  async headPosition(): Promise<Position | undefined> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position;
  }

  /** EventStoreDB hands subscribers everything it has committed: nothing waits behind a gate. */
  heldBack(): Promise<HeldBackEvents> {
    return Promise.resolve({ count: 0, oldestRecordedAt: undefined });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async resultAt(streamName: string, revision: bigint): Promise<AppendResult> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    if (event === undefined) throw positionsUnsupported();
    return { nextExpectedRevision: event.revision, position: event.position };
  }

  /** The server answers an empty append without revision or position; the stream's head is the answer. */
  private async appendNothing(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [head] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 }).catch(
      (error: unknown) => {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      },
    );
    const actual = head?.revision ?? 'no_stream';
    if (!satisfies(expected, actual)) throw new WrongExpectedVersionError(streamName, expected, actual);
    return head === undefined
      ? { nextExpectedRevision: -1n, position: { commit: 0n, prepare: 0n } }
      : { nextExpectedRevision: head.revision, position: head.position };
  }
}

const isPositionMissing = (resolved: ResolvedEvent | AllStreamResolvedEvent): boolean =>
  resolved.event !== undefined && !isSystemEvent(resolved.event) && resolved.event.position === undefined;

const positionsUnsupported = () =>
  new EventStoreUnavailableError(
    'EventStoreDB 22.10 or later is required: events are read without a position.',
  );
