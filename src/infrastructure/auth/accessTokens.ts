import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { OrderlyError } from '../../domain/shared/errors';
import { isRole, type Principal } from './principal';

export type AccessTokenSettings = Readonly<{
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Verified tokens remembered until they expire (0: verify every time). */
  verifiedTokensCached?: number;
}>;

/** Pinned: a token signed any other way (including `alg: none`) is refused before its claims are read. */
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

// A mobile client sends the same token with every request until it refreshes it.
const DEFAULT_VERIFIED_TOKENS_CACHED = 10_000;

export class UnauthorizedError extends OrderlyError {
  constructor(code: string, message: string) {
    super('unauthorized', code, message);
  }
}

type Verified = Readonly<{ principal: Principal; expiresAtMs: number }>;

const principalOf = (claims: jwt.JwtPayload | string): Verified => {
  const roles: unknown = typeof claims === 'string' ? undefined : claims.roles;
  const subject = typeof claims === 'string' ? undefined : claims.sub;
  const expiresAt = typeof claims === 'string' ? undefined : claims.exp;
  if (subject === undefined || !Array.isArray(roles) || !roles.every(isRole) || expiresAt === undefined) {
    throw new UnauthorizedError('AUTH.TOKEN_INVALID', 'The access token is invalid.');
  }
  return { principal: { userId: subject, roles }, expiresAtMs: expiresAt * 1000 };
};

export const createAccessTokens = (settings: AccessTokenSettings) => {
  // A key object, not the string: given a string, jsonwebtoken first tries it as a PEM public and private
  // key and catches the failures, which cost more than the HMAC itself on every request.
  const key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  const verifyOptions = { algorithms: ALGORITHMS, issuer: settings.issuer, audience: settings.audience };
  // Keyed by the whole token, signature included: only a byte-identical copy of a token this process has
  // verified is answered from memory, and never past its expiry.
  const cacheSize = settings.verifiedTokensCached ?? DEFAULT_VERIFIED_TOKENS_CACHED;
  const verified = cacheSize > 0 ? new LRUCache<string, Verified>({ max: cacheSize }) : undefined;

  const verifySignature = (token: string): Verified => {
    try {
      return principalOf(jwt.verify(token, key, verifyOptions));
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      const expired = error instanceof jwt.TokenExpiredError;
      throw new UnauthorizedError(
        expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.TOKEN_INVALID',
        expired ? 'The access token has expired.' : 'The access token is invalid.',
      );
    }
  };

  return {
    issue: (principal: Principal): { token: string; expiresInSeconds: number } => ({
      token: jwt.sign({ roles: principal.roles }, key, {
        algorithm: 'HS256',
        subject: principal.userId,
        issuer: settings.issuer,
        audience: settings.audience,
        expiresIn: settings.ttlSeconds,
      }),
      expiresInSeconds: settings.ttlSeconds,
    }),

    verify: (token: string): Principal => {
      const known = verified?.get(token);
      // Same boundary as jsonwebtoken's: expired from the second `exp` names on.
      if (known !== undefined && Date.now() < known.expiresAtMs) return known.principal;
      const fresh = verifySignature(token);
      verified?.set(token, fresh);
      return fresh.principal;
    },
  };
};

export type AccessTokens = ReturnType<typeof createAccessTokens>;
