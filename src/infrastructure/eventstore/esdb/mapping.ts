import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type CurrentRevision,
  type JSONEventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type {
  AppendResult,
  EventData,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
} from '../../../application/eventStore/eventStore';
import type { Position } from '../../../application/eventStore/position';

/** Pure translations between the port's shapes and @eventstore/db-client's, unit-tested on the real types. */

export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
};

/** The server's legacy numeric codes (-1 no stream, -2 any, -4 stream exists) reach us when an error is built from gRPC metadata. */
export const fromEsdbExpectedRevision = (expected: AppendExpectedRevision): ExpectedRevision => {
  if (typeof expected !== 'bigint') return expected;
  if (expected === -1n) return 'no_stream';
  if (expected === -2n) return 'any';
  if (expected === -4n) return 'stream_exists';
  return expected;
};

export const fromEsdbCurrentRevision = (current: CurrentRevision): bigint | 'no_stream' =>
  current === NO_STREAM || current < 0n ? 'no_stream' : current;

export const toEsdbEvent = (event: EventToAppend): JSONEventData =>
  jsonEvent({ id: event.id, type: event.type, data: { ...event.data }, metadata: { ...event.metadata } });

/**
 * The server reports a write at its last event's log position, which is that event's position in `$all`.
 * Undefined when it gave none: an idempotent re-append on some versions (see EsdbEventStore.appendToStream).
 */
export const toAppendResult = (result: EsdbAppendResult): AppendResult | undefined =>
  result.position === undefined
    ? undefined
    : {
        nextExpectedRevision: result.nextExpectedRevision,
        position: { commit: result.position.commit, prepare: result.position.prepare },
      };

/** `$`-prefixed types and streams are EventStoreDB's own ($metadata, $settings, $scavenges, links...). */
export const isSystemEvent = (event: Readonly<{ type: string; streamId: string }>): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const decodeJson = (bytes: Uint8Array): unknown => {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return Buffer.from(bytes).toString('base64');
  }
};

/** Our events are JSON objects; anything else written by another tool is kept, wrapped as `{ value }`. */
export const toEventData = (raw: unknown): EventData => {
  const value = raw instanceof Uint8Array ? decodeJson(raw) : raw;
  return isPlainRecord(value) ? value : { value };
};

export const toEventMetadata = (raw: unknown): EventMetadata => {
  const value = raw instanceof Uint8Array ? decodeJson(raw) : raw;
  return isPlainRecord(value) ? value : {};
};

/**
 * The recorded event of a resolved one, or undefined for what the port never shows: system events, and
 * events without a position (servers before 22.6 give none on stream reads).
 */
export const toRecordedEvent = (
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined => {
  const event = resolved.event;
  if (event === undefined || isSystemEvent(event) || event.position === undefined) return undefined;
  const position: Position = { commit: event.position.commit, prepare: event.position.prepare };
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position,
    recordedAt: event.created,
    data: toEventData(event.data),
    metadata: toEventMetadata(event.metadata),
  };
};
