import type { RequestHandler, Response } from 'express';
import { ForbiddenError } from '../../domain/shared/errors';
import { type AccessTokens, UnauthorizedError } from '../auth/accessTokens';
import type { Principal, Role } from '../auth/principal';

/** Verifies `Authorization: Bearer <jwt>` and sets `res.locals.principal`; anything else is a 401. */
export const authenticate =
  (tokens: AccessTokens): RequestHandler =>
  (req, res, next) => {
    const header = req.get('Authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (match?.[1] === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedError('AUTH.TOKEN_MISSING', 'An access token is required.');
    }
    res.locals.principal = tokens.verify(match[1]);
    next();
  };

export const requireRole =
  (...roles: readonly Role[]): RequestHandler =>
  (_req, res, next) => {
    if (!principalOf(res).roles.some((role) => roles.includes(role))) {
      throw new ForbiddenError('AUTH.ROLE_REQUIRED', `This requires one of the roles: ${roles.join(', ')}.`);
    }
    next();
  };

export const principalOf = (res: Response): Principal => {
  const principal = res.locals.principal;
  if (principal === undefined)
    throw new UnauthorizedError('AUTH.TOKEN_MISSING', 'An access token is required.');
  return principal;
};
