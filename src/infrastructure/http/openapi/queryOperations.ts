import { IncludeDelistedQuery, MerchantQueueQuery, PageQuery } from '../queries/dtos';
import { ref, uuid } from './schemas';
import type { OperationSpec } from './spec';

const VIEW_HEADERS = ['If-None-Match', 'X-Consistency-Token'] as const;

/** Views answer with an ETag (304 on If-None-Match) and wait for X-Consistency-Token when given one. */
const view = (
  spec: Omit<OperationSpec, 'method' | 'tag' | 'headers' | 'responses'> & { schema: string; tag?: string },
): OperationSpec => {
  const { schema, tag, ...rest } = spec;
  return {
    ...rest,
    method: 'get',
    tag: tag ?? 'Views',
    headers: VIEW_HEADERS,
    responses: {
      200: { description: 'The view.', schema: ref(schema), headers: ['ETag', 'X-Consistency'] },
      304: { description: 'Unchanged since the ETag in If-None-Match.', headers: ['ETag'] },
    },
  };
};

export const QUERY_OPERATIONS: readonly OperationSpec[] = [
  view({
    path: '/v1/me',
    operationId: 'myProfile',
    summary: 'Your profile',
    access: 'authenticated',
    schema: 'UserProfile',
    problems: [404],
  }),
  view({
    path: '/v1/me/orders',
    operationId: 'myOrders',
    summary: 'Your orders, newest first',
    access: 'authenticated',
    query: PageQuery,
    schema: 'OrderPage',
  }),
  view({
    path: '/v1/orders/:orderId',
    operationId: 'getOrder',
    summary: 'One order (its customer, its merchant or an admin)',
    description: "Someone else's order answers 404, like a missing one.",
    access: 'authenticated',
    params: { orderId: uuid() },
    schema: 'Order',
    problems: [404],
  }),
  view({
    path: '/v1/merchants/:merchantId/orders',
    operationId: 'merchantOrderQueue',
    summary: 'Your merchant order queue, filtered by status',
    access: ['merchant'],
    params: { merchantId: uuid('Your own user id.') },
    query: MerchantQueueQuery,
    schema: 'OrderPage',
  }),
  view({
    path: '/v1/merchants/:merchantId/products',
    operationId: 'merchantProducts',
    summary: "A merchant's catalog (public)",
    access: 'public',
    params: { merchantId: uuid() },
    query: IncludeDelistedQuery,
    schema: 'Products',
  }),
  view({
    path: '/v1/me/wallet',
    operationId: 'myWallet',
    summary: 'Your wallet balance (zero before the first top-up)',
    access: 'authenticated',
    schema: 'Wallet',
  }),
  view({
    path: '/v1/me/wallet/transactions',
    operationId: 'myWalletTransactions',
    summary: 'Your wallet transactions, newest first',
    access: 'authenticated',
    query: PageQuery,
    schema: 'WalletTransactionPage',
  }),
];
