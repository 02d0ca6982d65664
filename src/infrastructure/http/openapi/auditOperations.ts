import {
  CorrelationQuery,
  EntityParams,
  EventPageQuery,
  EventRangeQuery,
  StateAsOfQuery,
  StreamHistoryQuery,
  StreamParams,
} from '../audit/dtos';
import { ref } from './schemas';
import type { OperationSpec, ResponseSpec } from './spec';

const AUDITORS = ['auditor', 'admin'] as const;
const json = (schema: string, description: string): ResponseSpec => ({ description, schema: ref(schema) });

/** Auditors read history from the event store itself; every answer is `Cache-Control: no-store`. */
export const AUDIT_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/audit/streams/:streamName/events',
    operationId: 'streamHistory',
    summary: "A stream's events with metadata, oldest first",
    tag: 'Audit',
    access: AUDITORS,
    params: StreamParams,
    query: StreamHistoryQuery,
    responses: { 200: json('StreamHistory', 'A page; `nextRevision` continues it.') },
  },
  {
    method: 'get',
    path: '/v1/audit/streams/:streamName/verification',
    operationId: 'verifyStream',
    summary: "Verify a stream's hash chain",
    tag: 'Audit',
    access: AUDITORS,
    params: StreamParams,
    responses: { 200: json('StreamVerification', '`ok` is false at the first broken link.') },
  },
  {
    method: 'get',
    path: '/v1/audit/events',
    operationId: 'auditEvents',
    summary: 'All events by global position (paged, filterable)',
    description: 'A filtered page stops after scanning 10,000 events and returns a cursor to continue.',
    tag: 'Audit',
    access: AUDITORS,
    query: EventPageQuery,
    responses: { 200: json('EventPage', 'A page; pass `nextCursor` as `after`.') },
  },
  {
    method: 'get',
    path: '/v1/audit/events/export',
    operationId: 'exportEvents',
    summary: 'Export events as NDJSON (one event view per line)',
    tag: 'Audit',
    access: AUDITORS,
    query: EventRangeQuery,
    responses: { 200: { description: 'A streamed attachment.', alternatives: ['application/x-ndjson'] } },
  },
  {
    method: 'get',
    path: '/v1/audit/entities/:kind/:id/state',
    operationId: 'entityStateAsOf',
    summary: "An entity's state as of a revision or an instant",
    description: 'Give `revision` or `at` (not both); neither is the latest state.',
    tag: 'Audit',
    access: AUDITORS,
    params: EntityParams,
    query: StateAsOfQuery,
    responses: { 200: json('EntityState', 'Replayed with the domain’s evolve.') },
    problems: [404],
  },
  {
    method: 'get',
    path: '/v1/audit/correlations/:correlationId/events',
    operationId: 'correlationTrace',
    summary: 'Everything one request caused (by correlation id = request id)',
    tag: 'Audit',
    access: AUDITORS,
    params: { correlationId: { type: 'string', maxLength: 200 } },
    query: CorrelationQuery,
    responses: { 200: json('CorrelationTrace', 'A page; pass `nextCursor` as `after`.') },
  },
];
