import { type Request, type Response, Router } from 'express';
import type { Account, Accounts } from '../../../application/identity/accounts';
import type { UserCommand } from '../../../domain/identity/commands';
import { userDecider } from '../../../domain/identity/decide';
import { userStream } from '../../../domain/identity/streams';
import { principalOf, requireRole } from '../authenticate';
import { parseDto, uuidParam } from '../validation';
import type { CommandRouteDeps } from './deps';
import { GrantRoleDto, LoginDto, RefreshTokenDto, RegisterDeviceDto, RegisterUserDto } from './dtos';
import { contextOf, expectedRevisionOf, sendCommandResult } from './respond';

/**
 * Registration, login with rotating refresh tokens, devices, and role grants. The token endpoints take no
 * Idempotency-Key: their answers are secrets that must not be stored, and they append no events.
 */
export const identityCommandRoutes = (deps: CommandRouteDeps, accounts: Accounts): Router => {
  const tokensFor = async (account: Account) => {
    const access = deps.accessTokens.issue(account);
    return {
      userId: account.userId,
      roles: account.roles,
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: access.expiresInSeconds,
      refreshToken: await deps.refreshTokens.issue(account.userId),
    };
  };

  const onUser = async (req: Request, res: Response, userId: string, command: UserCommand) => {
    const result = await deps.commands.handle(userDecider, userStream(userId), command, contextOf(req, res), {
      expectedRevision: expectedRevisionOf(req),
    });
    sendCommandResult(res, result.events.length === 0 ? 200 : 201, result, { userId });
  };

  return Router()
    .post('/v1/auth/register', ...deps.anonymous, async (req, res) => {
      const body = parseDto(RegisterUserDto, req.body);
      const registered = await accounts.register(body, contextOf(req, res));
      sendCommandResult(res, 201, registered.result, {
        userId: registered.userId,
        roles: registered.roles,
        email: body.email,
        displayName: body.displayName,
      });
    })
    .post('/v1/auth/login', ...deps.credentials, async (req, res) => {
      const { email, password } = parseDto(LoginDto, req.body);
      res.json(await tokensFor(await accounts.authenticate(email, password)));
    })
    .post('/v1/auth/refresh', ...deps.credentials, async (req, res) => {
      const { refreshToken } = parseDto(RefreshTokenDto, req.body);
      const rotated = await deps.refreshTokens.rotate(refreshToken);
      const account = await accounts.accountOf(rotated.userId);
      const access = deps.accessTokens.issue(account);
      res.json({
        userId: account.userId,
        roles: account.roles,
        tokenType: 'Bearer',
        accessToken: access.token,
        expiresIn: access.expiresInSeconds,
        refreshToken: rotated.refreshToken,
      });
    })
    .post('/v1/auth/logout', ...deps.credentials, async (req, res) => {
      const { refreshToken } = parseDto(RefreshTokenDto, req.body);
      await deps.refreshTokens.revoke(refreshToken);
      res.status(204).end();
    })
    .post('/v1/me/devices', ...deps.authenticated, async (req, res) => {
      const body = parseDto(RegisterDeviceDto, req.body);
      const userId = principalOf(res).userId;
      const now = deps.clock.now().toISOString();
      await onUser(req, res, userId, {
        type: 'RegisterDevice',
        data: { userId, ...body, deviceId: body.deviceId.toLowerCase(), now },
      });
    })
    .delete('/v1/me/devices/:deviceId', ...deps.authenticated, async (req, res) => {
      const userId = principalOf(res).userId;
      const deviceId = uuidParam(req.params.deviceId, 'deviceId');
      const now = deps.clock.now().toISOString();
      await onUser(req, res, userId, {
        type: 'UnregisterDevice',
        data: { userId, deviceId, reason: 'user', now },
      });
    })
    .post('/v1/users/:userId/roles', ...deps.authenticated, requireRole('admin'), async (req, res) => {
      const { role } = parseDto(GrantRoleDto, req.body);
      const userId = uuidParam(req.params.userId, 'userId');
      const actor = principalOf(res);
      const now = deps.clock.now().toISOString();
      await onUser(req, res, userId, {
        type: 'GrantRole',
        data: { userId, role, actorId: actor.userId, actorRoles: actor.roles, now },
      });
    });
};
