import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { call, field } from '../support/http';
import { waitFor } from '../support/waitFor';

export type Actor = Readonly<{
  userId: string;
  token: string;
  role: 'customer' | 'merchant';
  deviceId: string;
}>;
export type Merchant = Actor & Readonly<{ skus: readonly string[] }>;
export type World = Readonly<{ customers: readonly Actor[]; merchants: readonly Merchant[] }>;

export const PASSWORD = 'faults suite password';

export const expectStatus = (
  what: string,
  reply: { status: number; body: unknown },
  status: number,
): void => {
  if (reply.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
};

/** Registers, logs in and registers one push device (every notification then means one delivery). */
export const createActor = async (baseUrl: string, role: Actor['role']): Promise<Actor> => {
  const email = `${role}-${randomUUID()}@faults.example.com`;
  const json = { email, password: PASSWORD, displayName: `Faults ${role}`, role };
  expectStatus('register', await call(baseUrl, 'POST', '/v1/auth/register', { json }), 201);
  const login = await call(baseUrl, 'POST', '/v1/auth/login', { json: { email, password: PASSWORD } });
  expectStatus('login', login, 200);
  const token = String(field(login.body, 'accessToken'));
  const deviceId = randomUUID();
  const device = { deviceId, platform: 'ios', pushToken: `token-${deviceId}` };
  expectStatus('device', await call(baseUrl, 'POST', '/v1/me/devices', { token, json: device }), 201);
  return { userId: String(field(login.body, 'userId')), token, role, deviceId };
};

export const listProducts = async (baseUrl: string, merchant: Actor): Promise<Merchant> => {
  const skus = ['coffee', 'bagel', 'juice'];
  for (const [index, sku] of skus.entries()) {
    const json = { sku, name: `Faults ${sku}`, priceMinor: 150 + index * 125 };
    const path = `/v1/merchants/${merchant.userId}/products`;
    expectStatus('list product', await call(baseUrl, 'POST', path, { token: merchant.token, json }), 201);
  }
  return { ...merchant, skus };
};

/**
 * Merchants with products and customers, each with a device, and waits until the projector has every
 * device: a notification handled before its user's device is projected would reach nobody.
 */
export const createWorld = async (
  baseUrl: string,
  pool: Pool,
  counts: Readonly<{ customers: number; merchants: number }>,
): Promise<World> => {
  const merchants: Merchant[] = [];
  for (let index = 0; index < counts.merchants; index += 1) {
    merchants.push(await listProducts(baseUrl, await createActor(baseUrl, 'merchant')));
  }
  const customers: Actor[] = [];
  for (let index = 0; index < counts.customers; index += 1) {
    customers.push(await createActor(baseUrl, 'customer'));
  }
  const expected = merchants.length + customers.length;
  await waitFor('devices projected', 120_000, async () => {
    const { rows } = await pool.query<{ n: string }>('select count(*) as n from user_devices');
    return Number(rows[0]?.n) >= expected;
  });
  return { customers, merchants };
};
