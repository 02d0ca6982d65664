import { canonicalJson, computeEventHash, GENESIS_HASH } from '../../../src/application/audit/hashChain';

describe('the hash chain', () => {
  it('prints values as Postgres prints jsonb: keys by length then bytes, spaced separators', () => {
    expect(canonicalJson({ bb: 1, a: { d: [2, { f: 1, e: 2 }], c: null }, b: true })).toBe(
      '{"a": {"c": null, "d": [2, {"e": 2, "f": 1}]}, "b": true, "bb": 1}',
    );
    expect(canonicalJson({ é: 1, z: 2, '😀': 3, '\uffff': 4 })).toBe(
      '{"z": 2, "é": 1, "\uffff": 4, "😀": 3}',
    );
  });

  it('prints numbers in plain decimal and leaves out what JSON.stringify leaves out', () => {
    expect(canonicalJson([1e21, -1.5e-7, 0.1, -0, 2.5e22, Number.NaN])).toBe(
      '[1000000000000000000000, -0.00000015, 0.1, 0, 25000000000000000000000, null]',
    );
    expect(canonicalJson({ a: undefined, b: [undefined, () => 1], c: new Date(0) })).toBe(
      '{"b": [null, null], "c": "1970-01-01T00:00:00.000Z"}',
    );
  });

  it('gives the same hash whatever the key order', () => {
    const metadata = { correlationId: 'c', userId: 'u', prevHash: GENESIS_HASH };
    const one = computeEventHash(GENESIS_HASH, { type: 'T', data: { x: 1, y: 2 }, metadata });
    const two = computeEventHash(GENESIS_HASH, {
      type: 'T',
      data: { y: 2, x: 1 },
      metadata: { ...metadata, hash: 'ignored' },
    });
    expect(one).toBe(two);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when the data, the type, the metadata or the previous hash change', () => {
    const event = { type: 'T', data: { amountMinor: 100 }, metadata: { prevHash: 'a' } };
    const base = computeEventHash('a', event);
    expect(computeEventHash('b', event)).not.toBe(base);
    expect(computeEventHash('a', { ...event, data: { amountMinor: 101 } })).not.toBe(base);
    expect(computeEventHash('a', { ...event, type: 'U' })).not.toBe(base);
    expect(computeEventHash('a', { ...event, metadata: { prevHash: 'a', userId: 'x' } })).not.toBe(base);
  });
});
