/** Small pure checks shared by the deciders; each context throws its own namespaced error codes. */
export const MAX_SAFE_MINOR = Number.MAX_SAFE_INTEGER;

/** A strictly positive integer amount of minor units, not above `max`. */
export const isPositiveMinor = (value: number, max: number = MAX_SAFE_MINOR): boolean =>
  Number.isSafeInteger(value) && value > 0 && value <= max;

export const isNonNegativeMinor = (value: number, max: number = MAX_SAFE_MINOR): boolean =>
  Number.isSafeInteger(value) && value >= 0 && value <= max;

/** ISO 4217 style: three upper-case letters. */
export const isCurrencyCode = (value: string): boolean => /^[A-Z]{3}$/.test(value);

/** Non-blank after trimming and at most `maxLength` characters. */
export const isText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;
