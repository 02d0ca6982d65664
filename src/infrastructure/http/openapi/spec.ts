import type { Role } from '../../auth/principal';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) or a `$ref` to one. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export type DtoClass = abstract new () => object;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call: nobody needs a token, any valid token, or a token carrying one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type ResponseSpec = Readonly<{
  description: string;
  /** JSON body; omit for an empty answer. */
  schema?: JsonSchema;
  /** Other media types (CSV, NDJSON) the same status can carry, as plain text. */
  alternatives?: readonly string[];
  /** Standard headers the answer carries (names of components.headers). */
  headers?: readonly HeaderName[];
}>;

export type HeaderName =
  'ETag' | 'X-Consistency-Token' | 'X-Consistency' | 'Idempotent-Replayed' | 'Location';

/** Request headers the operation honours (names of components.parameters). */
export type RequestHeaderName = 'Idempotency-Key' | 'If-Match' | 'If-None-Match' | 'X-Consistency-Token';

/**
 * One endpoint as the routers mount it. `path` is in Express form (`/v1/orders/:orderId`) so the coverage
 * test can compare it with the router stack verbatim; the document builder turns it into `{orderId}`.
 */
export type OperationSpec = Readonly<{
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  body?: DtoClass;
  /** The body may be left out entirely (e.g. an optional reason). */
  bodyOptional?: boolean;
  query?: DtoClass;
  /** Path parameter schemas by name; a DTO class when the router validates the params with one. */
  params?: Readonly<Record<string, JsonSchema>> | DtoClass;
  headers?: readonly RequestHeaderName[];
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Error statuses besides the ones every operation of its access level can answer. */
  problems?: readonly number[];
  /** Served by an operational handler (health, metrics, docs) rather than a router. */
  operational?: boolean;
}>;
