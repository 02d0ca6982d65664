import {
  problemResponseName,
  problemResponses,
  PROBLEM_STATUSES,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
} from './components';
import { dtoComponentSchemas, dtoSchema } from './dtoSchemas';
import type { DtoClass, JsonSchema, OperationSpec, ResponseSpec } from './spec';

export type OpenApiDocument = Readonly<{
  openapi: '3.1.0';
  info: Readonly<{ title: string; version: string; description: string }>;
  tags: readonly { name: string }[];
  paths: Record<string, Record<string, object>>;
  components: Record<string, Record<string, object>>;
}>;

export type DocumentInfo = Readonly<{ title?: string; version: string; description?: string }>;

/** `/v1/orders/:orderId` → `/v1/orders/{orderId}` (Express 5 / path-to-regexp v8 named parameters). */
export const toOpenApiPath = (expressPath: string): string =>
  expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

const isDto = (value: unknown): value is DtoClass => typeof value === 'function';

type Properties = Readonly<{ properties?: Record<string, JsonSchema>; required?: readonly string[] }>;

const parametersFromDto = (dto: DtoClass, location: 'query' | 'path') => {
  const { properties = {}, required = [] } = dtoSchema(dto) as Properties;
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema,
  }));
};

const parametersOf = (spec: OperationSpec) => {
  const path = isDto(spec.params)
    ? parametersFromDto(spec.params, 'path')
    : Object.entries(spec.params ?? {}).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema,
      }));
  const query = spec.query === undefined ? [] : parametersFromDto(spec.query, 'query');
  const headers = (spec.headers ?? []).map((name) => ({ $ref: `#/components/parameters/${name}` }));
  return [...path, ...query, ...headers];
};

/** Problems any operation of this shape can answer, besides the ones it lists itself. */
const problemStatusesOf = (spec: OperationSpec): number[] => {
  if (spec.operational === true) return [];
  const statuses = new Set([...(spec.problems ?? []), 429, 500]);
  if (spec.body !== undefined || spec.query !== undefined || spec.params !== undefined) statuses.add(400);
  if (spec.body !== undefined) [413, 415].forEach((status) => statuses.add(status));
  if (spec.access !== 'public') statuses.add(401);
  if (Array.isArray(spec.access)) statuses.add(403);
  if (spec.headers?.includes('Idempotency-Key')) [400, 409, 422].forEach((status) => statuses.add(status));
  if (spec.headers?.includes('If-Match')) [400, 409, 412].forEach((status) => statuses.add(status));
  if (spec.headers?.includes('X-Consistency-Token')) statuses.add(400);
  return [...statuses].filter((status) => PROBLEM_STATUSES.includes(status)).sort((a, b) => a - b);
};

const responseOf = (response: ResponseSpec) => {
  const content = {
    ...(response.schema === undefined ? {} : { 'application/json': { schema: response.schema } }),
    ...Object.fromEntries(
      (response.alternatives ?? []).map((type) => [type, { schema: { type: 'string' } }]),
    ),
  };
  const headers = Object.fromEntries(
    (response.headers ?? []).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );
  return {
    description: response.description,
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
    ...(Object.keys(content).length === 0 ? {} : { content }),
  };
};

const accessNote = (spec: OperationSpec): string =>
  Array.isArray(spec.access) ? `Requires one of the roles: ${spec.access.join(', ')}.` : '';

const operationOf = (spec: OperationSpec) => {
  const description = [spec.description ?? '', accessNote(spec)].filter((part) => part !== '').join('\n\n');
  const parameters = parametersOf(spec);
  const responses: Record<string, object> = Object.fromEntries<object>([
    ...Object.entries(spec.responses).map(([status, response]): [string, object] => [
      status,
      responseOf(response),
    ]),
    ...problemStatusesOf(spec).map((status): [string, object] => [
      String(status),
      { $ref: `#/components/responses/${problemResponseName(status)}` },
    ]),
  ]);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(description === '' ? {} : { description }),
    tags: [spec.tag],
    security: spec.access === 'public' ? [] : [{ bearerAuth: [] }],
    ...(Array.isArray(spec.access) ? { 'x-roles': spec.access } : {}),
    ...(spec.operational === true ? { 'x-operational': true } : {}),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(spec.body === undefined
      ? {}
      : {
          requestBody: {
            required: spec.bodyOptional !== true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.body.name}` } } },
          },
        }),
    responses,
  };
};

const pathsOf = (operations: readonly OperationSpec[]): Record<string, Record<string, object>> => {
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of operations) {
    const item = (paths[toOpenApiPath(spec.path)] ??= {});
    if (item[spec.method] !== undefined) throw new Error(`${spec.method} ${spec.path} is listed twice`);
    item[spec.method] = operationOf(spec);
  }
  return paths;
};

/** The OpenAPI 3.1 document: request schemas from the DTOs' decorators, the rest from specs and schemas. */
export const buildOpenApiDocument = (
  operations: readonly OperationSpec[],
  info: DocumentInfo,
  responseSchemas: Readonly<Record<string, JsonSchema>>,
): OpenApiDocument => {
  const bodies = operations.flatMap((spec) => (spec.body === undefined ? [] : [spec.body]));
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'Orderly API',
      version: info.version,
      description:
        info.description ??
        'Commands and views of the Orderly marketplace. Errors are RFC 9457 problem+json. See docs/api.md.',
    },
    tags: [...new Set(operations.map((spec) => spec.tag))].map((name) => ({ name })),
    paths: pathsOf(operations),
    components: {
      schemas: { ...responseSchemas, ...dtoComponentSchemas(bodies) },
      responses: problemResponses(),
      parameters: REQUEST_HEADERS,
      headers: RESPONSE_HEADERS,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
};
