// class-transformer's @Type in the DTOs reads decorator metadata, whoever imports them first.
import 'reflect-metadata';
import {
  ChangePriceDto,
  GrantRoleDto,
  ListProductDto,
  LoginDto,
  PlaceOrderDto,
  ReasonDto,
  RefreshTokenDto,
  RegisterDeviceDto,
  RegisterUserDto,
  RequiredReasonDto,
  TopUpDto,
} from '../commands/dtos';
import { ref, SKU, uuid } from './schemas';
import type { OperationSpec, ResponseSpec } from './spec';

const COMMAND_HEADERS = ['Idempotency-Key', 'If-Match'] as const;
const COMMAND_RESPONSE_HEADERS = ['ETag', 'X-Consistency-Token', 'Idempotent-Replayed'] as const;

const changed = (schema: string, description: string): ResponseSpec => ({
  description,
  schema: ref(schema),
  headers: COMMAND_RESPONSE_HEADERS,
});
const unchanged = (schema: string): ResponseSpec => ({
  description: 'Nothing to change (the command was already in effect): no event appended.',
  schema: ref(schema),
  headers: COMMAND_RESPONSE_HEADERS,
});
const tokens: ResponseSpec = { description: 'A new access token and refresh token.', schema: ref('Tokens') };

const identity: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/auth/register',
    operationId: 'registerUser',
    summary: 'Register a customer or merchant account',
    tag: 'Identity',
    access: 'public',
    body: RegisterUserDto,
    headers: ['Idempotency-Key'],
    responses: { 201: changed('Registration', 'The account exists; log in next.') },
    problems: [409, 422],
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    operationId: 'login',
    summary: 'Exchange email and password for tokens',
    description: 'No Idempotency-Key: the answer holds secrets that are never stored.',
    tag: 'Identity',
    access: 'public',
    body: LoginDto,
    responses: { 200: tokens },
    problems: [401],
  },
  {
    method: 'post',
    path: '/v1/auth/refresh',
    operationId: 'refreshTokens',
    summary: 'Rotate a refresh token',
    description: 'The refresh token sent is revoked; reusing it later is a 401.',
    tag: 'Identity',
    access: 'public',
    body: RefreshTokenDto,
    responses: { 200: tokens },
    problems: [401],
  },
  {
    method: 'post',
    path: '/v1/auth/logout',
    operationId: 'logout',
    summary: 'Revoke a refresh token',
    tag: 'Identity',
    access: 'public',
    body: RefreshTokenDto,
    responses: { 204: { description: 'Revoked.' } },
    problems: [401],
  },
  {
    method: 'post',
    path: '/v1/me/devices',
    operationId: 'registerDevice',
    summary: 'Register a device for push notifications',
    tag: 'Identity',
    access: 'authenticated',
    body: RegisterDeviceDto,
    headers: COMMAND_HEADERS,
    responses: { 201: changed('UserChange', 'Registered.'), 200: unchanged('UserChange') },
    problems: [422],
  },
  {
    method: 'delete',
    path: '/v1/me/devices/:deviceId',
    operationId: 'unregisterDevice',
    summary: 'Unregister a device',
    tag: 'Identity',
    access: 'authenticated',
    params: { deviceId: uuid() },
    headers: ['If-Match'],
    responses: { 201: changed('UserChange', 'Unregistered.'), 200: unchanged('UserChange') },
    problems: [404, 422],
  },
  {
    method: 'post',
    path: '/v1/users/:userId/roles',
    operationId: 'grantRole',
    summary: 'Grant a role to a user',
    tag: 'Identity',
    access: ['admin'],
    params: { userId: uuid() },
    body: GrantRoleDto,
    headers: COMMAND_HEADERS,
    responses: { 201: changed('UserChange', 'Granted.'), 200: unchanged('UserChange') },
    problems: [403, 404, 422],
  },
];

const catalog: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/merchants/:merchantId/products',
    operationId: 'listProduct',
    summary: 'List a product in your own catalog',
    tag: 'Catalog',
    access: ['merchant'],
    params: { merchantId: uuid('Your own user id.') },
    body: ListProductDto,
    headers: COMMAND_HEADERS,
    responses: { 201: changed('ProductChange', 'Listed.'), 200: unchanged('ProductChange') },
    problems: [403, 409, 422],
  },
  {
    method: 'post',
    path: '/v1/merchants/:merchantId/products/:sku/price',
    operationId: 'changePrice',
    summary: 'Change the price of a listed product',
    tag: 'Catalog',
    access: ['merchant'],
    params: { merchantId: uuid('Your own user id.'), sku: SKU },
    body: ChangePriceDto,
    headers: COMMAND_HEADERS,
    responses: { 200: changed('ProductChange', 'Changed (or already at that price).') },
    problems: [403, 404, 422],
  },
  {
    method: 'post',
    path: '/v1/merchants/:merchantId/products/:sku/delist',
    operationId: 'delistProduct',
    summary: 'Delist a product',
    tag: 'Catalog',
    access: ['merchant'],
    params: { merchantId: uuid('Your own user id.'), sku: SKU },
    headers: COMMAND_HEADERS,
    responses: { 200: changed('ProductChange', 'Delisted (or already delisted).') },
    problems: [403, 404, 422],
  },
];

const lifecycle = (
  step: string,
  summary: string,
  role: 'customer' | 'merchant',
  body?: typeof ReasonDto,
): OperationSpec => ({
  method: 'post',
  path: `/v1/orders/:orderId/${step}`,
  operationId: `${step}Order`,
  summary,
  tag: 'Ordering',
  access: [role],
  params: { orderId: uuid() },
  ...(body === undefined ? {} : { body, bodyOptional: body === ReasonDto }),
  headers: COMMAND_HEADERS,
  responses: { 200: changed('OrderChange', 'The order moved on (or already had).') },
  problems: [403, 404, 422],
});

const ordering: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/orders',
    operationId: 'placeOrder',
    summary: 'Place an order (priced from the merchant catalog)',
    description: 'The client generates `orderId`, so a retry after a lost answer places nothing twice.',
    tag: 'Ordering',
    access: ['customer'],
    body: PlaceOrderDto,
    headers: COMMAND_HEADERS,
    responses: { 201: changed('OrderChange', 'Placed; payment follows.'), 200: unchanged('OrderChange') },
    problems: [404, 409, 422],
  },
  lifecycle('cancel', 'Cancel your order before the merchant accepts it', 'customer', ReasonDto),
  lifecycle('accept', 'Accept a paid order', 'merchant'),
  lifecycle('ready', 'Mark an accepted order ready', 'merchant'),
  lifecycle('complete', 'Complete a ready order', 'merchant'),
  lifecycle('reject', 'Reject a paid or accepted order', 'merchant', RequiredReasonDto),
];

const wallet: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/wallet/top-ups',
    operationId: 'topUp',
    summary: 'Top up your wallet',
    description: 'Deduplicated by `externalReference`: the same reference twice credits once.',
    tag: 'Wallet',
    access: ['customer'],
    body: TopUpDto,
    headers: COMMAND_HEADERS,
    responses: { 201: changed('WalletChange', 'Credited.'), 200: unchanged('WalletChange') },
    problems: [422],
  },
];

export const COMMAND_OPERATIONS: readonly OperationSpec[] = [...identity, ...catalog, ...ordering, ...wallet];
