import { POSITION_TOKEN } from './schemas';
import type { HeaderName, JsonSchema, RequestHeaderName } from './spec';

const header = (description: string, schema: JsonSchema = { type: 'string' }) => ({ description, schema });

/** Response headers, referenced by name from the operations. */
export const RESPONSE_HEADERS: Readonly<Record<HeaderName | 'Retry-After' | 'X-Request-Id', object>> = {
  ETag: header(
    'Commands: the quoted stream revision, to send back in If-Match. Views: a hash of the body, for If-None-Match.',
  ),
  'X-Consistency-Token': header(
    'Position of the last event the command appended; send it on a query to read your own write.',
    POSITION_TOKEN,
  ),
  'X-Consistency': header('Set when the request carried X-Consistency-Token.', {
    type: 'string',
    enum: ['caught-up', 'stale'],
  }),
  'Idempotent-Replayed': header('`true` when this is the stored answer to an earlier request with the key.', {
    type: 'string',
    const: 'true',
  }),
  Location: header('Where the created resource can be read.'),
  'Retry-After': header('Seconds to wait before retrying.', { type: 'integer' }),
  'X-Request-Id': header('The request id (yours if you sent a valid X-Request-Id, else generated).'),
};

/** Request headers, as reusable parameters. */
export const REQUEST_HEADERS: Readonly<Record<RequestHeaderName, object>> = {
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Any 8–255 visible ASCII characters, unique per intended action (a UUID). A retry with the same key and body gets the stored answer and appends nothing; the same key with another body is a 422.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{8,255}$' },
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description:
      'The ETag (quoted stream revision) you last saw. A mismatch is a 412; without it a concurrent change is retried.',
    schema: { type: 'string', pattern: '^(W/)?"\\d{1,19}"$' },
  },
  'If-None-Match': {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the view you hold; an unchanged view answers 304 without a body.',
    schema: { type: 'string' },
  },
  'X-Consistency-Token': {
    name: 'X-Consistency-Token',
    in: 'header',
    required: false,
    description:
      'A token from a command answer: the view waits (bounded) until it includes that write, then answers with X-Consistency.',
    schema: POSITION_TOKEN,
  },
};

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or invalid (`errors` lists the fields).',
  401: 'No valid access token (or wrong credentials on login).',
  403: 'The token lacks the required role, or the resource is not yours.',
  404: 'No such resource.',
  409: 'A conflicting change or a concurrent request with the same Idempotency-Key.',
  412: 'If-Match does not match the current revision.',
  413: 'The request body is too large.',
  415: 'The body is not UTF-8 JSON.',
  422: 'The request is valid but breaks a business rule (or reuses an Idempotency-Key).',
  429: 'Too many requests; see Retry-After.',
  500: 'An unexpected error (logged with the request id).',
  503: 'A dependency is unavailable; retry later.',
};

export const problemResponseName = (status: number): string => `Problem${status}`;

/** One reusable problem+json response per status. */
export const problemResponses = (): Record<string, object> =>
  Object.fromEntries(
    Object.entries(PROBLEM_DESCRIPTIONS).map(([status, description]) => [
      problemResponseName(Number(status)),
      {
        description,
        headers: {
          'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
          ...(status === '429' ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
        },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );

export const PROBLEM_STATUSES = Object.keys(PROBLEM_DESCRIPTIONS).map(Number);
