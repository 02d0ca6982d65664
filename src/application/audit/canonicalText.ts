/**
 * canonicalJson(JSON.parse(text)) straight from the text, without building the value: whole-store
 * verification gets data and metadata as the store's JSON text, and parsing it into objects only to
 * serialize them again cost twice as much. Plain strings and short integers are copied as they are; strings
 * with escapes or unusual characters and other numbers go through JSON.parse and JSON.stringify, so the
 * output is byte for byte that of hashChain.ts's canonicalJson (tested on random values).
 *
 * One scan at a time (synchronous, not reentrant): the state lives in module variables, which kept the
 * scanner twice as fast as one object per scan.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** Integers JavaScript prints as they are written: up to 15 digits. */
const MAX_PLAIN_DIGITS = 15;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Raw control characters (invalid JSON) and surrogates (JSON.stringify escapes lone ones). */
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const UNUSUAL_CHARACTER = /[\u0000-\u001f\ud800-\udfff]/;

let text = '';
let at = 0;
/** Index of the next backslash at or after the current string, -1 when there is none left. */
let nextBackslash = -1;

const fail = (): never => {
  throw new SyntaxError(`Invalid JSON at offset ${at}`);
};

/** Skips whitespace; returns the next character's code (NaN at the end). */
const peek = (): number => {
  let code = text.charCodeAt(at);
  while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++at);
  return code;
};

const reencoded = (json: string): string => JSON.stringify(JSON.parse(json));

/** The string token at `at`, as canonicalJson prints it. */
const stringToken = (): string => {
  const start = at;
  const end = text.indexOf('"', start + 1);
  if (end < 0) fail();
  if (nextBackslash !== -1 && nextBackslash < start) nextBackslash = text.indexOf('\\', start);
  if (nextBackslash === -1 || nextBackslash > end) {
    at = end + 1;
    const json = text.slice(start, at);
    return UNUSUAL_CHARACTER.test(json) ? reencoded(json) : json;
  }
  let index = start + 1;
  for (let code = text.charCodeAt(index); code !== QUOTE; code = text.charCodeAt(++index)) {
    if (Number.isNaN(code)) fail();
    if (code === BACKSLASH) index += 1;
  }
  at = index + 1;
  return reencoded(text.slice(start, at));
};

/** A number or literal token, as canonicalJson prints it. */
const scalarToken = (): string => {
  const start = at;
  let code = text.charCodeAt(at);
  let digits = 0;
  let integer = true;
  if (code === MINUS) code = text.charCodeAt(++at);
  const leadingZero = code === ZERO;
  for (; ; code = text.charCodeAt(++at)) {
    if (code >= ZERO && code <= NINE) digits += 1;
    else if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || !(code > 32)) break;
    else integer = false;
  }
  const token = text.slice(start, at);
  if (integer && digits > 0 && digits <= MAX_PLAIN_DIGITS && !(leadingZero && digits > 1)) {
    return token === '-0' ? '0' : token;
  }
  if (token === 'true' || token === 'false' || token === 'null') return token;
  if (!JSON_NUMBER.test(token)) fail();
  return JSON.stringify(Number(token));
};

const value = (): string => {
  const code = peek();
  if (code === OPEN_BRACE) return object(false);
  if (code === OPEN_BRACKET) return array();
  if (code === QUOTE) return stringToken();
  return scalarToken();
};

const array = (): string => {
  at += 1;
  if (peek() === CLOSE_BRACKET) {
    at += 1;
    return '[]';
  }
  let out = `[${value()}`;
  for (let code = peek(); code !== CLOSE_BRACKET; code = peek()) {
    if (code !== COMMA) fail();
    at += 1;
    out += `,${value()}`;
  }
  at += 1;
  return `${out}]`;
};

/** A key token's string: canonical string tokens are plain unless they hold escapes. */
const keyOf = (json: string): string =>
  json.includes('\\') ? (JSON.parse(json) as string) : json.slice(1, -1);

/** The tokens of the metadata's own hash and prevHash, met by a top-level object(). */
let hashToken: string | undefined;
let prevHashToken: string | undefined;

/**
 * An object with its keys sorted (an insertion sort of the indexes: objects are small); of equal keys only
 * the last counts, as JSON.parse keeps it.
 */
const object = (metadata: boolean): string => {
  at += 1;
  const keys: string[] = [];
  const members: string[] = [];
  for (let code = peek(), first = true; code !== CLOSE_BRACE; code = peek(), first = false) {
    if (!first) {
      if (code !== COMMA) fail();
      at += 1;
      code = peek();
    }
    if (code !== QUOTE) fail();
    const keyJson = stringToken();
    if (peek() !== COLON) fail();
    at += 1;
    const json = value();
    const key = keyOf(keyJson);
    if (metadata && key === 'hash') {
      hashToken = json;
      continue;
    }
    if (metadata && key === 'prevHash') prevHashToken = json;
    keys.push(key);
    members.push(`${keyJson}:${json}`);
  }
  at += 1;
  const order: number[] = [];
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    let slot = index;
    for (; slot > 0 && (keys[order[slot - 1] as number] as string) > key; slot -= 1) {
      order[slot] = order[slot - 1] as number;
    }
    order[slot] = index;
  }
  let out = '{';
  for (let rank = 0; rank < order.length; rank += 1) {
    const index = order[rank] as number;
    if (rank + 1 < order.length && keys[order[rank + 1] as number] === keys[index]) continue;
    out += out.length === 1 ? members[index] : `,${members[index]}`;
  }
  return `${out}}`;
};

/** A canonical token's value; plain strings (hashes are) without JSON.parse. */
const valueOf = (token: string | undefined): unknown => {
  if (token === undefined) return undefined;
  return token.charCodeAt(0) === QUOTE && !token.includes('\\') ? token.slice(1, -1) : JSON.parse(token);
};

const scan = <T>(json: string, read: () => T): T => {
  text = json;
  at = 0;
  nextBackslash = json.indexOf('\\');
  const result = read();
  if (!Number.isNaN(peek())) fail();
  text = '';
  return result;
};

export const canonicalJsonText = (json: string): string => scan(json, value);

export type CanonicalMetadata = Readonly<{
  /** Canonical JSON of the metadata without its `hash`. */
  json: string;
  hash: unknown;
  prevHash: unknown;
}>;

/** The metadata text's canonical JSON without the top-level `hash`, and the hash and prevHash it holds. */
export const canonicalMetadataText = (json: string): CanonicalMetadata =>
  scan(json, () => {
    hashToken = undefined;
    prevHashToken = undefined;
    if (peek() !== OPEN_BRACE) return { json: value(), hash: undefined, prevHash: undefined };
    const canonical = object(true);
    return { json: canonical, hash: valueOf(hashToken), prevHash: valueOf(prevHashToken) };
  });
