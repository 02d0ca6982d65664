import { randomUUID } from 'node:crypto';
import { type Actor, createActor, expectStatus, listProducts, PASSWORD } from '../load/world';
import { ADMIN } from '../support/cluster';
import { call, field } from '../support/http';
import type { Principal, Targets } from './endpoints';

export const login = async (baseUrl: string, email: string, password: string): Promise<Principal> => {
  const reply = await call(baseUrl, 'POST', '/v1/auth/login', { json: { email, password } });
  expectStatus(`login ${email}`, reply, 200);
  return { userId: String(field(reply.body, 'userId')), token: String(field(reply.body, 'accessToken')) };
};

/** A user the admin granted `role`, logged in again so the token carries it. */
const withGrantedRole = async (baseUrl: string, admin: Principal, role: 'auditor' | 'analyst') => {
  const email = `${role}-${randomUUID()}@faults.example.com`;
  const json = { email, password: PASSWORD, displayName: `Faults ${role}`, role: 'customer' };
  expectStatus('register', await call(baseUrl, 'POST', '/v1/auth/register', { json }), 201);
  const user = await login(baseUrl, email, PASSWORD);
  const path = `/v1/users/${user.userId}/roles`;
  expectStatus(
    `grant ${role}`,
    await call(baseUrl, 'POST', path, { token: admin.token, json: { role } }),
    201,
  );
  return login(baseUrl, email, PASSWORD);
};

const placeOrder = async (baseUrl: string, customer: Actor, merchantId: string): Promise<string> => {
  const topUp = { amountMinor: 10_000, externalReference: randomUUID() };
  expectStatus(
    'top-up',
    await call(baseUrl, 'POST', '/v1/wallet/top-ups', { token: customer.token, json: topUp }),
    201,
  );
  const orderId = randomUUID();
  const json = { orderId, merchantId, items: [{ sku: 'coffee', quantity: 1 }] };
  expectStatus('order', await call(baseUrl, 'POST', '/v1/orders', { token: customer.token, json }), 201);
  return orderId;
};

/** Two users of each kind, staff with every role, a product and an order: what the battery aims at. */
export const createTargets = async (baseUrl: string): Promise<Targets> => {
  const admin = await login(baseUrl, ADMIN.email, ADMIN.password);
  const [customer, otherCustomer] = [
    await createActor(baseUrl, 'customer'),
    await createActor(baseUrl, 'customer'),
  ];
  const merchant = await listProducts(baseUrl, await createActor(baseUrl, 'merchant'));
  const otherMerchant = await createActor(baseUrl, 'merchant');
  return {
    customer,
    otherCustomer,
    merchant,
    otherMerchant,
    admin,
    auditor: await withGrantedRole(baseUrl, admin, 'auditor'),
    analyst: await withGrantedRole(baseUrl, admin, 'analyst'),
    orderId: await placeOrder(baseUrl, customer, merchant.userId),
    deviceId: customer.deviceId,
    sku: 'coffee',
  };
};
