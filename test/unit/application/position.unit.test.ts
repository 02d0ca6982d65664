import {
  comparePositions,
  positionToToken,
  tokenToPosition,
} from '../../../src/application/eventStore/position';
import { ValidationError } from '../../../src/domain/shared/errors';

describe('positions', () => {
  it('compare commit first, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 1n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 1n })).toBe(0);
  });

  it('round-trip through the opaque token', () => {
    const position = { commit: 9_007_199_254_740_993n, prepare: 42n };
    expect(tokenToPosition(positionToToken(position))).toEqual(position);
  });

  it.each(['', 'p1.', 'p1.a', 'p1.a.b.c', 'p2.a.b', 'p1.A.b', `p1.${'z'.repeat(15)}.1`])(
    'reject the malformed token %j',
    (token) => {
      expect(() => tokenToPosition(token)).toThrow(ValidationError);
    },
  );
});
