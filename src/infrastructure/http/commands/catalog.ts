import { type Request, type Response, Router } from 'express';
import type { CatalogCommand } from '../../../domain/catalog/commands';
import { catalogDecider } from '../../../domain/catalog/decide';
import { catalogStream } from '../../../domain/catalog/streams';
import { principalOf, requireRole } from '../authenticate';
import { parseDto, skuParam, uuidParam } from '../validation';
import type { CommandRouteDeps } from './deps';
import { ChangePriceDto, ListProductDto } from './dtos';
import { contextOf, expectedRevisionOf, sendCommandResult } from './respond';

/** A merchant's own catalog; the decider refuses anyone else (actorId ≠ merchantId). */
export const catalogCommandRoutes = (deps: CommandRouteDeps): Router => {
  const run = async (req: Request, res: Response, status: number, command: CatalogCommand) => {
    const result = await deps.commands.handle(
      catalogDecider,
      catalogStream(command.data.merchantId),
      command,
      contextOf(req, res),
      { expectedRevision: expectedRevisionOf(req) },
    );
    sendCommandResult(res, result.events.length === 0 ? 200 : status, result, {
      merchantId: command.data.merchantId,
      sku: command.data.sku,
    });
  };
  const common = (req: Request, res: Response) => ({
    merchantId: uuidParam(req.params.merchantId, 'merchantId'),
    actorId: principalOf(res).userId,
    now: deps.clock.now().toISOString(),
  });
  const guard = [...deps.authenticated, requireRole('merchant')];

  return Router()
    .post('/v1/merchants/:merchantId/products', ...guard, async (req, res) => {
      const body = parseDto(ListProductDto, req.body);
      await run(req, res, 201, {
        type: 'ListProduct',
        data: { ...common(req, res), ...body, currency: deps.currency },
      });
    })
    .post('/v1/merchants/:merchantId/products/:sku/price', ...guard, async (req, res) => {
      const { priceMinor } = parseDto(ChangePriceDto, req.body);
      const sku = skuParam(req.params.sku);
      await run(req, res, 200, { type: 'ChangePrice', data: { ...common(req, res), sku, priceMinor } });
    })
    .post('/v1/merchants/:merchantId/products/:sku/delist', ...guard, async (req, res) => {
      const sku = skuParam(req.params.sku);
      await run(req, res, 200, { type: 'DelistProduct', data: { ...common(req, res), sku } });
    });
};
