import type { EventData, EventMetadata, RecordedEvent } from '../../../application/eventStore/eventStore';
import type { Position } from '../../../application/eventStore/position';

/** A row of `events` as pg hands it over: int8 and xid8 (cast to text) arrive as strings, jsonb parsed,
 * float8 as a number, the metadata as its JSON text. */
export type EventRow = Readonly<{
  global_position: string;
  transaction_id: string;
  stream_name: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: EventData;
  metadata_text: string;
  recorded_at_ms: number;
}>;

/** Where `$all` starts: before every transaction id and every sequence value. */
export const START: Position = { commit: 0n, prepare: 0n };

/** Beyond every xid8 and every bigint: the exclusive start of a backwards read from the end. */
export const END: Position = { commit: 2n ** 64n - 1n, prepare: 2n ** 63n - 1n };

export const positionOf = (row: Readonly<{ transaction_id: string; global_position: string }>): Position => ({
  commit: BigInt(row.transaction_id),
  prepare: BigInt(row.global_position),
});

/**
 * A recorded event whose metadata is parsed on first read: projections and subscribers never look at it,
 * and its JSON (ids, two hashes) costs as much to parse as the rest of the row. A class, because an object
 * literal with a getter costs V8 some 0.6 µs to create; the getter sits on the prototype, so `metadata`
 * is not an own key (spread and Object.keys skip it: read it by name).
 */
class StoredEvent implements RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly recordedAt: Date;
  readonly data: EventData;
  readonly #metadataText: string;
  #metadata: EventMetadata | undefined;

  constructor(row: EventRow) {
    this.id = row.event_id;
    this.type = row.event_type;
    this.streamName = row.stream_name;
    this.revision = BigInt(row.stream_revision);
    this.position = positionOf(row);
    this.recordedAt = new Date(row.recorded_at_ms);
    this.data = row.data;
    this.#metadataText = row.metadata_text;
  }

  get metadata(): EventMetadata {
    return (this.#metadata ??= JSON.parse(this.#metadataText) as EventMetadata);
  }
}

export const toRecordedEvent = (row: EventRow): RecordedEvent => new StoredEvent(row);

export const positionParameters = (position: Position): [string, string] => [
  position.commit.toString(),
  position.prepare.toString(),
];
