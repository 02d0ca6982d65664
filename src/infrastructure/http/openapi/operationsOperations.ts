import { ParkedEventsQuery } from '../queries/dtos';
import type { OperationSpec } from './spec';

const ADMINS = ['admin'] as const;
const anObject = { type: 'object' } as const;

/** Operators (admin): projection status, parked events and their replay. */
export const OPERATIONS_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/v1/operations/projections',
    operationId: 'projectionStatus',
    summary: "Every projection's state, position, lag (events, seconds) and parked count",
    tag: 'Operations',
    access: ADMINS,
    responses: {
      200: { description: '`items`: one status per projection.', schema: anObject, headers: ['ETag'] },
    },
  },
  {
    method: 'get',
    path: '/v1/operations/projections/parked',
    operationId: 'parkedEvents',
    summary: 'Events parked by projections, with their errors',
    tag: 'Operations',
    access: ADMINS,
    query: ParkedEventsQuery,
    responses: {
      200: { description: '`items`: parked events, oldest first.', schema: anObject, headers: ['ETag'] },
    },
  },
  {
    method: 'post',
    path: '/v1/operations/projections/parked/:id/replay',
    operationId: 'replayParkedEvent',
    summary: 'Apply a parked event again; on success it leaves the dead-letter table',
    tag: 'Operations',
    access: ADMINS,
    params: { id: { type: 'string', pattern: '^\\d{1,18}$' } },
    responses: { 200: { description: '`{ id, replayed, error? }`', schema: anObject } },
    problems: [404],
  },
];
