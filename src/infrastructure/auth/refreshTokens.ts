import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { UnauthorizedError } from './accessTokens';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

type TokenRow = Readonly<{
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}>;

const invalid = () => new UnauthorizedError('AUTH.REFRESH_TOKEN_INVALID', 'The refresh token is invalid.');

/**
 * Rotating refresh tokens: each use returns a new token and retires the old one. Presenting a retired token
 * again means it was stolen (or replayed): the whole family is revoked.
 */
export const createRefreshTokens = (knex: Knex, ttlSeconds: number) => {
  const insert = async (trx: Knex | Knex.Transaction, userId: string, familyId: string): Promise<string> => {
    const token = randomBytes(32).toString('base64url');
    await trx('refresh_tokens').insert({
      id: randomUUID(),
      family_id: familyId,
      user_id: userId,
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + ttlSeconds * 1000),
    });
    return token;
  };

  const revokeFamily = (trx: Knex | Knex.Transaction, familyId: string) =>
    trx('refresh_tokens')
      .where({ family_id: familyId })
      .whereNull('revoked_at')
      .update({ revoked_at: knex.fn.now() });

  return {
    issue: (userId: string): Promise<string> => insert(knex, userId, randomUUID()),

    /** Returns the user id and a fresh token; throws 401 for unknown, expired, revoked or reused tokens. */
    rotate: async (token: string): Promise<{ userId: string; refreshToken: string }> => {
      const outcome = await knex.transaction(async (trx) => {
        const row = (await trx('refresh_tokens')
          .where({ token_hash: hashToken(token) })
          .forUpdate()
          .first()) as TokenRow | undefined;
        if (row === undefined || row.revoked_at !== null || row.expires_at.getTime() <= Date.now())
          return undefined;
        if (row.rotated_at !== null) {
          await revokeFamily(trx, row.family_id);
          return 'reused' as const;
        }
        await trx('refresh_tokens').where({ id: row.id }).update({ rotated_at: knex.fn.now() });
        return { userId: row.user_id, refreshToken: await insert(trx, row.user_id, row.family_id) };
      });
      if (outcome === undefined || outcome === 'reused') throw invalid();
      return outcome;
    },

    /** Logout: the token's whole family stops working. Unknown tokens are ignored (logout is idempotent). */
    revoke: async (token: string): Promise<void> => {
      const row = (await knex('refresh_tokens')
        .where({ token_hash: hashToken(token) })
        .first()) as TokenRow | undefined;
      if (row !== undefined) await revokeFamily(knex, row.family_id);
    },
  };
};

export type RefreshTokens = ReturnType<typeof createRefreshTokens>;
