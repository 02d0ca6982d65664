import { ValidationError } from '../shared/errors';
import { isNonNegativeMinor, isPositiveMinor } from '../shared/validation';
import { WalletErrorCodes } from './errors';

export const MAX_FEE_BASIS_POINTS = 10_000;

/**
 * The platform's cut of a completed order, for ReceivePayout.feeMinor: basis points of the gross, rounded
 * down so rounding never takes from the merchant.
 */
export const platformFee = (grossMinor: number, feeBasisPoints: number): number => {
  if (!isPositiveMinor(grossMinor) || !isNonNegativeMinor(feeBasisPoints, MAX_FEE_BASIS_POINTS))
    throw new ValidationError(WalletErrorCodes.INVALID_FEE, 'The fee cannot be computed', [
      { field: 'feeBasisPoints', message: `must be an integer in 0..${MAX_FEE_BASIS_POINTS}` },
    ]);
  // BigInt keeps gross × basis points exact beyond 2^53.
  return Number((BigInt(grossMinor) * BigInt(feeBasisPoints)) / 10_000n);
};
