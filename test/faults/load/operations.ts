import { randomUUID } from 'node:crypto';
import { call, type Reply } from '../support/http';
import { pick } from '../support/waitFor';
import type { Actor, Merchant, World } from './world';

type TrackedOrder = { orderId: string; customer: Actor; merchant: Merchant; next: number; placedAt: number };

const MERCHANT_STEPS = ['accept', 'ready', 'complete'] as const;
const MAX_TRACKED = 400;
const SETTLED_AFTER_MS = 3000;

export type Operation = Readonly<{ name: string; run: (baseUrl: string) => Promise<Reply> }>;

/** What a mobile client sends on a write: a fresh key, so a retry would be answered from the store. */
const writeHeaders = () => ({ 'idempotency-key': randomUUID() });

/**
 * The traffic mix: top-ups, orders, the merchant moving paid orders along, some cancels and rejects (the
 * processor refunds), and the customers' own views. Orders are remembered so later steps can find them.
 */
export class TrafficMix {
  private readonly orders: TrackedOrder[] = [];

  constructor(private readonly world: World) {}

  next(): Operation {
    const roll = Math.random();
    if (roll < 0.3) return this.topUp();
    if (roll < 0.6) return this.placeOrder();
    if (roll < 0.8 && this.orders.length > 0) return this.advance();
    if (roll < 0.84 && this.orders.length > 0) return this.cancel();
    if (roll < 0.87 && this.orders.length > 0) return this.reject();
    return this.view();
  }

  private topUp(): Operation {
    const customer = pick(this.world.customers);
    const json = { amountMinor: 200 + Math.floor(Math.random() * 2000), externalReference: randomUUID() };
    return {
      name: 'top-up',
      run: (url) =>
        call(url, 'POST', '/v1/wallet/top-ups', { token: customer.token, json, headers: writeHeaders() }),
    };
  }

  private placeOrder(): Operation {
    const customer = pick(this.world.customers);
    const merchant = pick(this.world.merchants);
    const orderId = randomUUID();
    const items = [{ sku: pick(merchant.skus), quantity: 1 + Math.floor(Math.random() * 3) }];
    const json = { orderId, merchantId: merchant.userId, items };
    return {
      name: 'place-order',
      run: async (url) => {
        const reply = await call(url, 'POST', '/v1/orders', {
          token: customer.token,
          json,
          headers: writeHeaders(),
        });
        if (reply.status === 201) this.track({ orderId, customer, merchant, next: 0, placedAt: Date.now() });
        return reply;
      },
    };
  }

  private track(order: TrackedOrder): void {
    this.orders.push(order);
    if (this.orders.length > MAX_TRACKED) this.orders.shift();
  }

  private forget(order: TrackedOrder): void {
    const index = this.orders.indexOf(order);
    if (index >= 0) this.orders.splice(index, 1);
  }

  /** Orders placed a while ago first: by then the processor has usually decided their payment. */
  private settledOrder(): TrackedOrder {
    const settled = this.orders.filter((order) => Date.now() - order.placedAt > SETTLED_AFTER_MS);
    return pick(settled.length > 0 ? settled : this.orders);
  }

  /** 422 means not paid yet (try again later) or already final (payment failed, cancelled). */
  private advance(): Operation {
    const order = this.settledOrder();
    const step = MERCHANT_STEPS[order.next] ?? 'complete';
    return {
      name: `order-${step}`,
      run: async (url) => {
        const path = `/v1/orders/${order.orderId}/${step}`;
        const reply = await call(url, 'POST', path, { token: order.merchant.token, headers: writeHeaders() });
        if (reply.status === 200) order.next += 1;
        if (order.next >= MERCHANT_STEPS.length) this.forget(order);
        return reply;
      },
    };
  }

  private cancel(): Operation {
    const order = pick(this.orders);
    this.forget(order);
    return {
      name: 'order-cancel',
      run: (url) =>
        call(url, 'POST', `/v1/orders/${order.orderId}/cancel`, {
          token: order.customer.token,
          json: { reason: 'changed my mind' },
          headers: writeHeaders(),
        }),
    };
  }

  private reject(): Operation {
    const order = pick(this.orders);
    this.forget(order);
    return {
      name: 'order-reject',
      run: (url) =>
        call(url, 'POST', `/v1/orders/${order.orderId}/reject`, {
          token: order.merchant.token,
          json: { reason: 'out of stock' },
          headers: writeHeaders(),
        }),
    };
  }

  private view(): Operation {
    const customer = pick(this.world.customers);
    const path = pick(['/v1/me/wallet', '/v1/me/orders', '/v1/me/wallet/transactions']);
    return { name: 'view', run: (url) => call(url, 'GET', path, { token: customer.token }) };
  }
}

/** Statuses the mix expects in normal operation; anything else is reported. */
export const isExpectedStatus = (operation: string, status: number): boolean => {
  if (operation === 'view') return status === 200;
  if (operation === 'top-up' || operation === 'place-order') return status === 201;
  return status === 200 || status === 409 || status === 422;
};
