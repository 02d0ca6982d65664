import { randomUUID } from 'node:crypto';
import { pick } from '../support/waitFor';
import type { Endpoint, Targets } from './endpoints';
import { HOSTILE_SEGMENTS, HOSTILE_STRINGS, HOSTILE_VALUES, RAW_BODIES } from './values';

export type HostileRequest = Readonly<{
  id: string;
  endpoint: string;
  attack: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}>;

type Draft = {
  method: string;
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  body?: string;
};

const HOSTILE_HEADERS: readonly [string, string][] = [
  ['if-match', '"-1"'],
  ['if-match', '"99999999999999999999"'],
  ['if-match', 'W/"abc"'],
  ['idempotency-key', 'k'.repeat(4000)],
  ['idempotency-key', "' or 1=1 --"],
  ['content-type', 'text/plain'],
  ['content-type', 'application/json; charset=utf-16'],
  ['content-type', 'application/x-www-form-urlencoded'],
  ['content-type', 'application/merge-patch+json'],
  ['x-consistency-token', 'p1.zzzzzzzzzzzzzz.zzzzzzzzzzzzzz'],
  ['x-consistency-token', "p1.'.'"],
  ['if-none-match', '"'.repeat(500)],
  ['accept', 'application/xml'],
  ['content-encoding', 'gzip'],
];

const mutateField = (body: Record<string, unknown>): Record<string, unknown> => {
  const key = pick(Object.keys(body));
  const value = body[key];
  if (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null) {
    const item = { ...(value[0] as Record<string, unknown>) };
    item[pick(Object.keys(item))] = pick(HOSTILE_VALUES);
    return { ...body, [key]: [item] };
  }
  return { ...body, [key]: pick(HOSTILE_VALUES) };
};

const withoutField = (body: Record<string, unknown>): Record<string, unknown> => {
  const key = pick(Object.keys(body));
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
};

const extraField = (body: Record<string, unknown>): string =>
  Math.random() < 0.5
    ? JSON.stringify({
        ...body,
        [pick(['isAdmin', 'role', 'userId', 'balanceMinor', '$where'])]: pick(HOSTILE_VALUES),
      })
    : `${JSON.stringify(body).slice(0, -1)}${Object.keys(body).length > 0 ? ',' : ''}"__proto__":{"roles":["admin"]}}`;

/** A lone surrogate has no UTF-8 form: it goes out as the bytes of one (invalid UTF-8, a fine attack too). */
const encodeQueryValue = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

type AttackContext = Readonly<{
  draft: Draft;
  endpoint: Endpoint;
  targets: Targets;
  forged: readonly (string | undefined)[];
  body: Record<string, unknown> | undefined;
}>;

const rawBody = ({ draft }: AttackContext): void => {
  if (draft.method !== 'GET') draft.body = pick(RAW_BODIES);
};

/** With a body template, the body is broken field by field; without, a body arrives where none belongs. */
const onBody =
  (change: (body: Record<string, unknown>) => string) =>
  (context: AttackContext): void => {
    if (context.body === undefined) rawBody(context);
    else context.draft.body = change(context.body);
  };

const ATTACKS: Readonly<Record<string, (context: AttackContext) => void>> = {
  field: onBody((body) => JSON.stringify(mutateField(body))),
  missing: onBody((body) => JSON.stringify(withoutField(body))),
  extra: onBody(extraField),
  raw: rawBody,
  shape: ({ draft }) => {
    if (draft.method !== 'GET') draft.body = JSON.stringify(pick(HOSTILE_VALUES));
  },
  param: ({ draft }) => {
    const names = Object.keys(draft.params);
    if (names.length > 0) draft.params[pick(names)] = pick(HOSTILE_SEGMENTS);
  },
  query: ({ draft, endpoint }) => {
    const name = pick([...endpoint.query, 'limit', 'cursor', 'unknown', '__proto__[admin]', 'status[]']);
    const value = encodeQueryValue(pick(HOSTILE_STRINGS));
    draft.query = Math.random() < 0.3 ? `?${name}=${value}&${name}=${value}` : `?${name}=${value}`;
  },
  auth: ({ draft, forged }) => {
    const authorization = pick(forged);
    if (authorization === undefined) delete draft.headers.authorization;
    else draft.headers.authorization = authorization;
  },
  role: ({ draft, targets }) => {
    const { customer, merchant, otherCustomer, analyst } = targets;
    draft.headers.authorization = `Bearer ${pick([customer, merchant, otherCustomer, analyst]).token}`;
  },
  headers: ({ draft }) => {
    const [name, value] = pick(HOSTILE_HEADERS);
    draft.headers[name] = value;
  },
  method: ({ draft }) => {
    draft.method = pick(
      ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'POST', 'GET'].filter((m) => m !== draft.method),
    );
  },
};

const ATTACK_NAMES = Object.keys(ATTACKS);

/** Request `index` of the battery: endpoints in turn, attacks in turn across them. */
export const hostileRequest = (
  index: number,
  endpoints: readonly Endpoint[],
  targets: Targets,
  forged: readonly (string | undefined)[],
): HostileRequest => {
  const endpoint = endpoints[index % endpoints.length] as Endpoint;
  const attack = ATTACK_NAMES[Math.floor(index / endpoints.length) % ATTACK_NAMES.length] as string;
  const principal = endpoint.as?.(targets);
  const body = endpoint.body?.(targets);
  const draft: Draft = {
    method: endpoint.method,
    params: endpoint.params(targets),
    query: '',
    headers: {
      'x-request-id': `hostile-${index}`,
      'idempotency-key': randomUUID(),
      ...(principal === undefined ? {} : { authorization: `Bearer ${principal.token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
  ATTACKS[attack]?.({ draft, endpoint, targets, forged, body });
  if (draft.body !== undefined && draft.headers['content-type'] === undefined)
    draft.headers['content-type'] = 'application/json';
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => draft.params[name] ?? '');
  const bodyAllowed = draft.method !== 'GET' && draft.method !== 'HEAD';
  return {
    id: `hostile-${index}`,
    endpoint: `${endpoint.method} ${endpoint.path}`,
    attack,
    method: draft.method,
    path: `${path}${draft.query}`,
    headers: draft.headers,
    ...(bodyAllowed && draft.body !== undefined ? { body: draft.body } : {}),
  };
};
