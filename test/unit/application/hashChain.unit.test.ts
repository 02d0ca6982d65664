import { canonicalJson, computeEventHash, GENESIS_HASH } from '../../../src/application/audit/hashChain';

describe('the hash chain', () => {
  it('serializes objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":2,"f":1}]},"b":1}',
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

  it('changes when the data, the type or the previous hash change', () => {
    const event = { type: 'T', data: { amountMinor: 100 }, metadata: {} };
    const base = computeEventHash('a', event);
    expect(computeEventHash('b', event)).not.toBe(base);
    expect(computeEventHash('a', { ...event, data: { amountMinor: 101 } })).not.toBe(base);
    expect(computeEventHash('a', { ...event, type: 'U' })).not.toBe(base);
  });
});
