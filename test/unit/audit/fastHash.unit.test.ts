import { computeEventHash } from '../../../src/application/audit/hashChain';
import { fastEventHash } from '../../../src/application/audit/fastHash';
import { seededRandom } from '../domain/prng';

const KEYS = ['a', 'b', 'B', 'aa', 'é', 'z1', '10', '2', 'hash', 'prevHash', '"q"', 'ключ', '😀'];

const randomValue = (next: () => number, depth: number): unknown => {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 100);
    case 3:
      return `s${Math.floor(next() * 1000)}\n"\\ü`;
    case 4:
      return undefined;
    case 5:
      return KEYS[Math.floor(next() * KEYS.length)];
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 5) }, () => [
          KEYS[Math.floor(next() * KEYS.length)] as string,
          randomValue(next, depth + 1),
        ]),
      );
  }
};

describe('the fast event hash', () => {
  it('equals computeEventHash on a thousand random events', () => {
    const next = seededRandom(7);
    for (let run = 0; run < 1000; run += 1) {
      const event = {
        type: `T${run}`,
        data: randomValue(next, 0) as Record<string, unknown>,
        metadata: { ...(randomValue(next, 2) as object), hash: 'stored', prevHash: 'p' },
      };
      expect(fastEventHash('p', event)).toBe(computeEventHash('p', event));
    }
  });

  it('ignores the stored hash and depends on the previous one', () => {
    const event = { type: 'T', data: { x: 1 }, metadata: { prevHash: 'a', hash: 'one' } };
    expect(fastEventHash('a', event)).toBe(
      fastEventHash('a', { ...event, metadata: { prevHash: 'a', hash: 'two' } }),
    );
    expect(fastEventHash('a', event)).not.toBe(fastEventHash('b', event));
  });
});
