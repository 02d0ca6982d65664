import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { orderlyEventTypes } from '../../domain/events';
import { defineProjection } from '../runner/projection';

export const auditIndexTables = { index: 'audit_correlation_index' } as const;

/** An event without a correlation id (none is written so today) stands for its own request. */
const correlationOf = (event: RecordedEvent): string => {
  const given = event.metadata.correlationId;
  return typeof given === 'string' && given !== '' ? given : event.id;
};

const indexRow = (event: RecordedEvent) => ({
  event_id: event.id,
  correlation_id: correlationOf(event),
  causation_id: typeof event.metadata.causationId === 'string' ? event.metadata.causationId : null,
  commit_position: event.position.commit.toString(),
  prepare_position: event.position.prepare.toString(),
  stream_name: event.streamName,
  stream_revision: event.revision.toString(),
  event_type: event.type,
  recorded_at: event.recordedAt.toISOString(),
});

const INSERT = `
  insert into ?? (event_id, correlation_id, causation_id, commit_position, prepare_position, stream_name,
                  stream_revision, event_type, recorded_at)
  select * from json_to_recordset(?::json) as r(event_id uuid, correlation_id text, causation_id text,
         commit_position numeric, prepare_position numeric, stream_name text, stream_revision bigint,
         event_type text, recorded_at timestamptz)
  on conflict (event_id) do nothing`;

/** The audit index: (correlation id, position, stream, revision, type, event id) of every domain event. */
export const auditIndexProjection = defineProjection({
  name: 'audit-index',
  eventTypes: orderlyEventTypes,
  tables: auditIndexTables,
  apply: async (trx, events, { index }) => {
    if (events.length > 0) await trx.raw(INSERT, [index, JSON.stringify(events.map(indexRow))]);
  },
});
