import { type Request, type Response, Router } from 'express';
import { catalogDecider } from '../../../domain/catalog/decide';
import { priceOrderItems } from '../../../domain/catalog/pricing';
import { catalogStream } from '../../../domain/catalog/streams';
import type { OrderCommand } from '../../../domain/ordering/commands';
import { orderDecider } from '../../../domain/ordering/decide';
import { orderStream } from '../../../domain/ordering/streams';
import type { Role } from '../../auth/principal';
import { principalOf, requireRole } from '../authenticate';
import { parseDto, uuidParam } from '../validation';
import type { CommandRouteDeps } from './deps';
import { PlaceOrderDto, ReasonDto, RequiredReasonDto } from './dtos';
import { contextOf, expectedRevisionOf, sendCommandResult } from './respond';

type BaseData = Readonly<{ orderId: string; actorId: string; now: string }>;
type LifecycleCommand = Exclude<
  OrderCommand,
  { type: 'PlaceOrder' | 'RecordPayment' | 'RecordPaymentFailure' | 'RecordRefund' }
>;

/** Orders: placed by customers (priced server-side from the catalog), moved along by their merchant. */
export const orderingCommandRoutes = (deps: CommandRouteDeps): Router => {
  const run = async (req: Request, res: Response, status: number, command: OrderCommand) => {
    const result = await deps.commands.handle(
      orderDecider,
      orderStream(command.data.orderId),
      command,
      contextOf(req, res),
      {
        expectedRevision: expectedRevisionOf(req),
      },
    );
    sendCommandResult(res, result.events.length === 0 ? 200 : status, result, {
      orderId: command.data.orderId,
      status: result.state.status,
    });
  };

  const router = Router().post(
    '/v1/orders',
    ...deps.authenticated,
    requireRole('customer'),
    async (req, res) => {
      const { orderId, merchantId, items } = parseDto(PlaceOrderDto, req.body);
      const catalog = await deps.commands.load(catalogDecider, catalogStream(merchantId.toLowerCase()));
      const priced = priceOrderItems(catalog.state, items);
      await run(req, res, 201, {
        type: 'PlaceOrder',
        data: {
          orderId: orderId.toLowerCase(),
          customerId: principalOf(res).userId,
          merchantId: merchantId.toLowerCase(),
          items: priced.items,
          currency: priced.currency,
          now: deps.clock.now().toISOString(),
        },
      });
    },
  );
  const lifecycle = (
    path: string,
    role: Role,
    toCommand: (req: Request, base: BaseData) => LifecycleCommand,
  ) =>
    router.post(`/v1/orders/:orderId/${path}`, ...deps.authenticated, requireRole(role), async (req, res) => {
      const base = {
        orderId: uuidParam(req.params.orderId, 'orderId'),
        actorId: principalOf(res).userId,
        now: deps.clock.now().toISOString(),
      };
      await run(req, res, 200, toCommand(req, base));
    });

  lifecycle('cancel', 'customer', (req, base) => ({
    type: 'CancelOrder',
    data: { ...base, reason: parseDto(ReasonDto, req.body ?? {}).reason },
  }));
  lifecycle('accept', 'merchant', (_req, base) => ({ type: 'AcceptOrder', data: base }));
  lifecycle('ready', 'merchant', (_req, base) => ({ type: 'MarkOrderReady', data: base }));
  lifecycle('complete', 'merchant', (_req, base) => ({ type: 'CompleteOrder', data: base }));
  lifecycle('reject', 'merchant', (req, base) => ({
    type: 'RejectOrder',
    data: { ...base, reason: parseDto(RequiredReasonDto, req.body ?? {}).reason },
  }));
  return router;
};
