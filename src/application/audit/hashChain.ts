import { hash as digest } from 'node:crypto';
import type { EventMetadata } from '../eventStore/eventStore';

export const GENESIS_HASH = '';

/**
 * A JSON number as Postgres prints it once stored in jsonb: plain decimal, never an exponent. JavaScript
 * prints 1e21 and 1e-7 with one; Postgres stores `numeric` and prints 1000000000000000000000 and 0.0000001.
 */
const plainNumber = (value: number): string => {
  const text = JSON.stringify(value); // "null" for NaN and ±Infinity, as JSON.stringify stores them
  const exponentAt = text.indexOf('e');
  if (exponentAt < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, exponentAt);
  const pointAt = mantissa.indexOf('.');
  const digits = pointAt < 0 ? mantissa : mantissa.slice(0, pointAt) + mantissa.slice(pointAt + 1);
  const point = (pointAt < 0 ? mantissa.length : pointAt) + Number(text.slice(exponentAt + 1));
  const plain =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
};

// eslint-disable-next-line no-control-regex -- ASCII is the common case and sorts as JavaScript sorts
const NON_ASCII = /[^\u0000-\u007f]/;

/** jsonb's key order for ASCII keys: shorter first, then bytewise (which JavaScript's compare is). */
const asciiKeyOrder = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** jsonb's key order in general: shorter UTF-8 first, then bytewise (JavaScript compares UTF-16 units). */
const utf8KeyOrder = (a: string, b: string): number => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length - right.length || Buffer.compare(left, right);
};

/** Keys in jsonb's order; the UTF-8 comparison only when some key needs it. */
const jsonbKeys = (record: object): string[] => {
  const keys = Object.keys(record);
  return keys.sort(keys.some((key) => NON_ASCII.test(key)) ? utf8KeyOrder : asciiKeyOrder);
};

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const isUnstorable = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * The text Postgres prints for the value stored as jsonb (`value::text`): keys ordered by UTF-8 length then
 * bytes, `, ` and `: ` separators, strings escaped as JSON.stringify escapes them, numbers in plain
 * decimal. The same content always gives the same text, and the database can produce it by itself, which
 * lets the Postgres store verify its hash chains in SQL (infrastructure/audit/postgresChainCheck.ts).
 */
export const canonicalJson = (value: unknown, skipKey?: string): string => {
  if (value === null) return 'null';
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return canonicalJson((toJSON as () => unknown).call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      out += `${index === 0 ? '' : ', '}${isUnstorable(item) ? 'null' : canonicalJson(item)}`;
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of jsonbKeys(record)) {
    const item = record[key];
    if (key === skipKey || isUnstorable(item)) continue;
    out += `${out.length === 1 ? '' : ', '}${JSON.stringify(key)}: ${canonicalJson(item)}`;
  }
  return `${out}}`;
};

/**
 * What an event's hash covers after the previous hash: the canonical JSON of `{data, type, metadata}`
 * without the metadata's own `hash` — in SQL, `jsonb_build_object('data', data, 'metadata', metadata -
 * 'hash', 'type', type)::text`.
 */
export const hashedPayload = (
  event: Readonly<{ type: string; data: unknown; metadata: EventMetadata }>,
): string =>
  `{"data": ${canonicalJson(event.data ?? null)}, "type": ${JSON.stringify(event.type)}, ` +
  `"metadata": ${canonicalJson(event.metadata, 'hash')}}`;

/**
 * metadata.hash = sha256(prevHash + hashedPayload), chained per stream: altering any stored event breaks
 * its own hash and every later link.
 */
export const computeEventHash = (
  prevHash: string,
  event: Readonly<{ type: string; data: unknown; metadata: EventMetadata }>,
): string => digest('sha256', prevHash + hashedPayload(event), 'hex');
