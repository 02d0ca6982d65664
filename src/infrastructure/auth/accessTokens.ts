import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { OrderlyError } from '../../domain/shared/errors';
import { isRole, type Principal } from './principal';

export type AccessTokenSettings = Readonly<{
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}>;

/** Pinned: a token signed any other way (including `alg: none`) is refused before its claims are read. */
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

export class UnauthorizedError extends OrderlyError {
  constructor(code: string, message: string) {
    super('unauthorized', code, message);
  }
}

export const createAccessTokens = (settings: AccessTokenSettings) => {
  // A key object, not the string: given a string, jsonwebtoken first tries it as a PEM public and private
  // key and catches the failures, which cost more than the HMAC itself on every request.
  const key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
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
      let claims: jwt.JwtPayload | string;
      try {
        claims = jwt.verify(token, key, {
          algorithms: ALGORITHMS,
          issuer: settings.issuer,
          audience: settings.audience,
        });
      } catch (error) {
        const expired = error instanceof jwt.TokenExpiredError;
        throw new UnauthorizedError(
          expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.TOKEN_INVALID',
          expired ? 'The access token has expired.' : 'The access token is invalid.',
        );
      }
      const roles: unknown = typeof claims === 'string' ? undefined : claims.roles;
      const subject = typeof claims === 'string' ? undefined : claims.sub;
      if (subject === undefined || !Array.isArray(roles) || !roles.every(isRole)) {
        throw new UnauthorizedError('AUTH.TOKEN_INVALID', 'The access token is invalid.');
      }
      return { userId: subject, roles };
    },
  };
};

export type AccessTokens = ReturnType<typeof createAccessTokens>;
