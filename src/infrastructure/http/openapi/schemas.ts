import type { JsonSchema } from './spec';

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const string = (description?: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  ...(description === undefined ? {} : { description }),
  ...extra,
});
export const uuid = (description?: string): JsonSchema => string(description, { format: 'uuid' });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
export const integer = (description?: string): JsonSchema => ({
  type: 'integer',
  ...(description === undefined ? {} : { description }),
});
export const object = (properties: Record<string, JsonSchema>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});

export const POSITION_TOKEN = string('Opaque global position (`p1.<commit>.<prepare>`).', {
  pattern: '^p1\\.[0-9a-z]{1,14}\\.[0-9a-z]{1,14}$',
});
export const SKU = string('Merchant-chosen product code.', { pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
const ROLE = string(undefined, { enum: ['customer', 'merchant', 'auditor', 'analyst', 'admin'] });
const TIMESTAMP = string('ISO-8601 UTC.', { format: 'date-time' });

/** What every command answers: the stream revision (also the ETag) and the consistency token. */
const COMMAND_RESULT = {
  revision: nullable(string('Stream revision after the command; send it back in If-Match.')),
  consistencyToken: nullable({ ...POSITION_TOKEN, description: 'Position of the last appended event.' }),
};
const commandResult = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties: { ...properties, ...COMMAND_RESULT },
  required: Object.keys(properties),
});

/** Hand-written schemas: responses and problems (request bodies come from the DTOs). */
export const RESPONSE_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details; branch on `code`. Some problems carry extra members.',
    properties: {
      type: string('URI naming the problem type.', { format: 'uri' }),
      title: string('Short summary of the status.'),
      status: integer('The HTTP status.'),
      detail: string('Human-readable explanation of this occurrence.'),
      code: string('Namespaced error code such as `ORDER.ALREADY_CANCELLED`.'),
      instance: string('The request path.'),
      requestId: string('Also in the X-Request-Id header; quote it when reporting a problem.'),
      errors: {
        type: 'array',
        description: 'Field-level details of a validation problem.',
        items: object({ field: string(), message: string() }),
      },
    },
    required: ['type', 'title', 'status', 'detail', 'code'],
  },
  Registration: commandResult({
    userId: uuid(),
    roles: { type: 'array', items: ROLE },
    email: string(undefined, { format: 'email' }),
    displayName: string(),
  }),
  Tokens: object({
    userId: uuid(),
    roles: { type: 'array', items: ROLE },
    tokenType: string(undefined, { const: 'Bearer' }),
    accessToken: string('JWT for `Authorization: Bearer`.'),
    expiresIn: integer('Seconds until the access token expires.'),
    refreshToken: string('Single use: each refresh returns a new one and revokes it.'),
  }),
  UserChange: commandResult({ userId: uuid() }),
  ProductChange: commandResult({ merchantId: uuid(), sku: SKU }),
  OrderChange: commandResult({
    orderId: uuid(),
    status: string('The order status after the command.'),
  }),
  WalletChange: commandResult({
    userId: uuid(),
    balanceMinor: integer('Balance in minor units after the top-up.'),
    currency: string('ISO 4217 code.'),
  }),
  Health: object({ status: string(undefined, { const: 'ok' }) }),
  Readiness: object({
    status: string(undefined, { enum: ['ready', 'unavailable'] }),
    checks: {
      type: 'array',
      items: object({ name: string(), ok: { type: 'boolean' }, error: string() }, ['name', 'ok']),
    },
  }),
};

export const TIMESTAMP_SCHEMA = TIMESTAMP;
