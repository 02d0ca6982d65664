/**
 * Auditors need to see what happened, not who in clear: password hashes are dropped, e-mail addresses and
 * push tokens are masked wherever they appear (event data, replayed state).
 */
const DROPPED_KEYS: ReadonlySet<string> = new Set(['passwordHash', 'password']);

export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
};

/** Keeps the last four characters of a long token, enough to tell two devices apart. */
export const maskToken = (token: string): string => (token.length > 12 ? `***${token.slice(-4)}` : '***');

const MASKERS: Readonly<Record<string, (value: string) => string>> = {
  email: maskEmail,
  pushToken: maskToken,
};

const redactEntry = (key: string, value: unknown): unknown => {
  const mask = MASKERS[key];
  if (mask !== undefined && typeof value === 'string') return mask(value);
  return redactPersonalData(value);
};

/** A copy of `value` without personal data in clear (plain JSON values in, plain JSON values out). */
export const redactPersonalData = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redactPersonalData);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (!DROPPED_KEYS.has(key)) result[key] = redactEntry(key, item);
  }
  return result;
};
