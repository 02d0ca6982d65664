import { Router } from 'express';
import { walletDecider } from '../../../domain/wallet/decide';
import { walletStream } from '../../../domain/wallet/streams';
import { walletBalance } from '../../../domain/wallet/state';
import { principalOf, requireRole } from '../authenticate';
import { parseDto } from '../validation';
import type { CommandRouteDeps } from './deps';
import { TopUpDto } from './dtos';
import { contextOf, expectedRevisionOf, sendCommandResult } from './respond';

export const walletCommandRoutes = (deps: CommandRouteDeps): Router =>
  Router().post('/v1/wallet/top-ups', ...deps.authenticated, requireRole('customer'), async (req, res) => {
    const body = parseDto(TopUpDto, req.body);
    const userId = principalOf(res).userId;
    const command = {
      type: 'TopUp' as const,
      data: { userId, ...body, currency: deps.currency, now: deps.clock.now().toISOString() },
    };
    const result = await deps.commands.handle(
      walletDecider,
      walletStream(userId),
      command,
      contextOf(req, res),
      {
        expectedRevision: expectedRevisionOf(req),
      },
    );
    sendCommandResult(res, result.events.length === 0 ? 200 : 201, result, {
      userId,
      balanceMinor: walletBalance(result.state),
      currency: deps.currency,
    });
  });
