import { ValidationError } from '../../../../src/domain/shared/errors';
import { WalletErrorCodes } from '../../../../src/domain/wallet/errors';
import { platformFee } from '../../../../src/domain/wallet/fees';

describe('platform fee', () => {
  it.each([
    [10_000, 0, 0],
    [10_000, 250, 250],
    [999, 250, 24],
    [1, 9_999, 0],
    [1_234, 10_000, 1_234],
    [Number.MAX_SAFE_INTEGER, 5_000, 4_503_599_627_370_495],
  ])('of %i at %i basis points is %i', (gross, basisPoints, fee) => {
    expect(platformFee(gross, basisPoints)).toBe(fee);
  });

  it.each([
    [1_000, -1],
    [1_000, 10_001],
    [1_000, 2.5],
    [0, 100],
  ])('refuses gross %p at %p basis points', (gross, basisPoints) => {
    expect(() => platformFee(gross, basisPoints)).toThrow(ValidationError);
    expect(() => platformFee(gross, basisPoints)).toThrow(
      expect.objectContaining({ code: WalletErrorCodes.INVALID_FEE }) as Error,
    );
  });
});
