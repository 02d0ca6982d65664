import { canonicalJsonText, canonicalMetadataText } from '../../../src/application/audit/canonicalText';
import { canonicalJson } from '../../../src/application/audit/hashChain';
import { seededRandom } from '../domain/prng';

const KEYS = [
  'a',
  'b',
  'B',
  'aa',
  'é',
  'z1',
  '10',
  '2',
  'hash',
  'prevHash',
  '"q"',
  'ключ',
  '😀',
  '__proto__',
  'a\tb',
];
const STRINGS = [
  '',
  'plain',
  'line\nbreak',
  'quote " and \\ slash',
  'ü ключ 😀',
  '\u0001\u001f',
  '\u2028',
  '/',
];
const NUMBERS = [
  0,
  -0,
  7,
  -42,
  1.5,
  -0.25,
  1e21,
  1e-7,
  123456789012345,
  1234567890123456,
  2 ** 53 + 2,
  0.1 + 0.2,
];

const pick = <T>(next: () => number, values: readonly T[]): T =>
  values[Math.floor(next() * values.length)] as T;

const randomValue = (next: () => number, depth: number): unknown => {
  switch (Math.floor(next() * (depth > 3 ? 5 : 7))) {
    case 0:
      return pick(next, [null, true, false]);
    case 1:
      return pick(next, NUMBERS);
    case 2:
      return (next() - 0.5) * 10 ** Math.floor(next() * 30 - 10);
    case 3:
      return pick(next, STRINGS);
    case 4:
      return pick(next, KEYS);
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 6) }, () => [
          pick(next, KEYS),
          randomValue(next, depth + 1),
        ]),
      );
  }
};

/** JSON text as Postgres prints jsonb (", " and ": ") or with other spacing; the content is the same. */
const spaced = (json: string, next: () => number): string =>
  json.replace(
    /("(?:[^"\\]|\\.)*")|([,:[\]{}])/g,
    (match, quoted: string | undefined) => quoted ?? (next() < 0.5 ? `${match} ` : ` \n${match}\t`),
  );

describe('canonical JSON from text', () => {
  it('equals canonicalJson of the parsed text on random values, however spaced', () => {
    const next = seededRandom(11);
    for (let run = 0; run < 2000; run += 1) {
      const text = spaced(JSON.stringify(randomValue(next, 0)) ?? 'null', next);
      expect(canonicalJsonText(text)).toBe(canonicalJson(JSON.parse(text)));
    }
  });

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"b": 1, "a": {"x": 1, "x": 2}, "b": 3}';
    expect(canonicalJsonText(text)).toBe(canonicalJson(JSON.parse(text)));
  });

  it('prints numbers as JavaScript does, whatever their notation in the text', () => {
    expect(
      canonicalJsonText('[1.50, 1E3, -0, 0.0000001, 1000000000000000000000, 12345678901234567890]'),
    ).toBe('[1.5,1000,0,1e-7,1e+21,12345678901234567000]');
  });

  it('decodes escapes in keys before sorting them', () => {
    expect(canonicalJsonText('{"\\u0062": 1, "a\\u0041": 2, "\\/": 3}')).toBe('{"/":3,"aA":2,"b":1}');
  });

  it('rejects text that is not JSON', () => {
    for (const text of ['', '{', '{"a" 1}', '[1,]', '{"a":1,}', '01', 'nul', '"open', '{} x', '1 2']) {
      expect(() => canonicalJsonText(text)).toThrow(SyntaxError);
    }
  });

  it('gives the metadata without its hash, and the hash and prevHash it holds', () => {
    const next = seededRandom(5);
    for (let run = 0; run < 500; run += 1) {
      const metadata = { ...(randomValue(next, 2) as object), prevHash: pick(next, ['', 'p', 7]), hash: 'h' };
      const text = spaced(JSON.stringify(metadata), next);
      const { hash: _hash, ...rest } = JSON.parse(text) as Record<string, unknown>;
      expect(canonicalMetadataText(text)).toEqual({
        json: canonicalJson(rest),
        hash: 'h',
        prevHash: metadata.prevHash,
      });
    }
    expect(canonicalMetadataText('{"nested": {"hash": 1}}')).toEqual({
      json: '{"nested":{"hash":1}}',
      hash: undefined,
      prevHash: undefined,
    });
  });
});
