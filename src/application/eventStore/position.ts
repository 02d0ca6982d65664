import { ValidationError } from '../../domain/shared/errors';

/**
 * A global position in `$all`. EventStoreDB gives `{commit, prepare}`; the Postgres store uses
 * `{commit: transaction id, prepare: global sequence}`. Compared lexicographically.
 */
export type Position = Readonly<{ commit: bigint; prepare: bigint }>;

export const comparePositions = (a: Position, b: Position): -1 | 0 | 1 => {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
};

export const isAfter = (a: Position, b: Position): boolean => comparePositions(a, b) > 0;

export const maxPosition = (a: Position, b: Position): Position => (isAfter(a, b) ? a : b);

const TOKEN_PREFIX = 'p1.';

/** The opaque consistency token handed to clients (`p1.<commit>.<prepare>`). */
export const positionToToken = (position: Position): string =>
  `${TOKEN_PREFIX}${position.commit.toString(36)}.${position.prepare.toString(36)}`;

const BASE36 = /^[0-9a-z]{1,14}$/;

const parseBase36 = (digits: string): bigint => {
  let value = 0n;
  for (const digit of digits) value = value * 36n + BigInt(parseInt(digit, 36));
  return value;
};

export const tokenToPosition = (token: string): Position => {
  const parts = token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length).split('.') : [];
  const [commit, prepare] = parts;
  if (
    parts.length !== 2 ||
    commit === undefined ||
    prepare === undefined ||
    !BASE36.test(commit) ||
    !BASE36.test(prepare)
  ) {
    throw new ValidationError('CONSISTENCY_TOKEN.INVALID', 'The consistency token is malformed.', [
      { field: 'consistencyToken', message: 'must be a token returned by this API' },
    ]);
  }
  return { commit: parseBase36(commit), prepare: parseBase36(prepare) };
};
