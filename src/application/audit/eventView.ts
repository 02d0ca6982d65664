import type { RecordedEvent } from '../eventStore/eventStore';
import { positionToToken } from '../eventStore/position';
import { redactPersonalData } from './redaction';

/** A recorded event as auditors receive it: JSON-safe (bigints as strings) and without personal data. */
export type EventView = Readonly<{
  eventId: string;
  type: string;
  streamName: string;
  revision: string;
  /** The event's `$all` position as an opaque token (also the paging cursor). */
  position: string;
  recordedAt: string;
  data: unknown;
  /** Who (userId), why (correlationId, causationId), schemaVersion, and the hash chain links. */
  metadata: unknown;
}>;

export const toEventView = (event: RecordedEvent): EventView => ({
  eventId: event.id,
  type: event.type,
  streamName: event.streamName,
  revision: event.revision.toString(),
  position: positionToToken(event.position),
  recordedAt: event.recordedAt.toISOString(),
  data: redactPersonalData(event.data),
  metadata: redactPersonalData(event.metadata),
});
