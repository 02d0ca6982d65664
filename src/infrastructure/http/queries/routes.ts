import { type Request, type Response, Router } from 'express';
import { NotFoundError, ForbiddenError } from '../../../domain/shared/errors';
import { PROJECTION_NAMES } from '../../../projections/all';
import { merchantProducts } from '../../../projections/catalogProducts/queries';
import {
  customerOrders,
  findOrder,
  merchantOrderQueue,
  type OrderStatus,
} from '../../../projections/orders/queries';
import type { PageRequest } from '../../../projections/shared/cursor';
import { findUserProfile } from '../../../projections/userProfiles/queries';
import { findWallet, walletTransactions } from '../../../projections/wallets/queries';
import type { Principal } from '../../auth/principal';
import { principalOf, requireRole } from '../authenticate';
import { parseDto, uuidParam } from '../validation';
import type { QueryRouteDeps } from './deps';
import { IncludeDelistedQuery, MerchantQueueQuery, PageQuery } from './dtos';
import { awaitConsistency, sendView } from './views';

const pageOf = (query: PageQuery): PageRequest => ({
  limit: query.limit === undefined ? undefined : Number(query.limit),
  cursor: query.cursor,
});

const { userProfiles, catalogProducts, orders, wallets } = PROJECTION_NAMES;

// Someone else's order answers exactly like a missing one: its existence is not disclosed.
const canSeeOrder = (principal: Principal, order: { customerId: string; merchantId: string }): boolean =>
  principal.userId === order.customerId ||
  principal.userId === order.merchantId ||
  principal.roles.includes('admin');

const orderDetail = (deps: QueryRouteDeps) => async (req: Request, res: Response) => {
  await awaitConsistency(req, res, deps, [orders]);
  const order = await findOrder(deps.knex, uuidParam(req.params.orderId, 'orderId'));
  if (order === undefined || !canSeeOrder(principalOf(res), order)) {
    throw new NotFoundError('ORDER.NOT_FOUND', 'No such order.');
  }
  sendView(req, res, order);
};

const merchantQueue = (deps: QueryRouteDeps) => async (req: Request, res: Response) => {
  const merchantId = uuidParam(req.params.merchantId, 'merchantId');
  if (principalOf(res).userId !== merchantId) {
    throw new ForbiddenError('ORDER_QUEUE.NOT_YOURS', 'Only the merchant can see its order queue.');
  }
  const query = parseDto(MerchantQueueQuery, req.query, 'query');
  const statuses = (query.status?.split(',') ?? []) as OrderStatus[];
  await awaitConsistency(req, res, deps, [orders]);
  sendView(req, res, await merchantOrderQueue(deps.knex, merchantId, statuses, pageOf(query)));
};

const myWallet = (deps: QueryRouteDeps) => async (req: Request, res: Response) => {
  await awaitConsistency(req, res, deps, [wallets]);
  const userId = principalOf(res).userId;
  const wallet = await findWallet(deps.knex, userId);
  // No wallet event yet is an empty wallet, not a missing resource.
  sendView(
    req,
    res,
    wallet ?? { userId, balanceMinor: 0, currency: null, transactionCount: 0, updatedAt: null },
  );
};

/** The query API: views of the read models only (never the event store), with ETags and read-your-writes. */
export const queryRoutes = (deps: QueryRouteDeps): Router =>
  Router()
    .get('/v1/me', ...deps.authenticated, async (req, res) => {
      await awaitConsistency(req, res, deps, [userProfiles]);
      const profile = await findUserProfile(deps.knex, principalOf(res).userId);
      if (profile === undefined) throw new NotFoundError('USER.PROFILE_NOT_FOUND', 'No profile yet.');
      sendView(req, res, profile);
    })
    .get('/v1/me/orders', ...deps.authenticated, async (req, res) => {
      const page = pageOf(parseDto(PageQuery, req.query, 'query'));
      await awaitConsistency(req, res, deps, [orders]);
      sendView(req, res, await customerOrders(deps.knex, principalOf(res).userId, page));
    })
    .get('/v1/orders/:orderId', ...deps.authenticated, orderDetail(deps))
    .get(
      '/v1/merchants/:merchantId/orders',
      ...deps.authenticated,
      requireRole('merchant'),
      merchantQueue(deps),
    )
    .get('/v1/merchants/:merchantId/products', async (req, res) => {
      const query = parseDto(IncludeDelistedQuery, req.query, 'query');
      await awaitConsistency(req, res, deps, [catalogProducts]);
      const products = await merchantProducts(deps.knex, uuidParam(req.params.merchantId, 'merchantId'), {
        includeDelisted: query.includeDelisted === 'true',
      });
      sendView(req, res, { items: products });
    })
    .get('/v1/me/wallet', ...deps.authenticated, myWallet(deps))
    .get('/v1/me/wallet/transactions', ...deps.authenticated, async (req, res) => {
      const page = pageOf(parseDto(PageQuery, req.query, 'query'));
      await awaitConsistency(req, res, deps, [wallets]);
      sendView(req, res, await walletTransactions(deps.knex, principalOf(res).userId, page));
    });
