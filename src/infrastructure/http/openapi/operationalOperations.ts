import { ref } from './schemas';
import type { OperationSpec } from './spec';

/** Served by the operational handlers mounted before the routers: no rate limit, no token. */
export const OPERATIONAL_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'The process answers',
    tag: 'Operations',
    access: 'public',
    operational: true,
    responses: { 200: { description: 'Alive.', schema: ref('Health') } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    summary: 'Every dependency of the running roles answers',
    tag: 'Operations',
    access: 'public',
    operational: true,
    responses: {
      200: { description: 'Ready.', schema: ref('Readiness') },
      503: { description: 'At least one dependency failed; `checks` names it.', schema: ref('Readiness') },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    tag: 'Operations',
    access: 'public',
    operational: true,
    responses: { 200: { description: 'Prometheus text format.', alternatives: ['text/plain'] } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document',
    tag: 'Operations',
    access: 'public',
    operational: true,
    responses: { 200: { description: 'OpenAPI 3.1 document.', schema: { type: 'object' } } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'apiDocs',
    summary: 'Interactive API documentation (Swagger UI)',
    tag: 'Operations',
    access: 'public',
    operational: true,
    responses: { 200: { description: 'HTML page.', alternatives: ['text/html'] } },
  },
];
