import { randomUUID } from 'node:crypto';
import type { OrderEvent } from '../../../src/domain/ordering/events';
import { foldOrder, type OrderStatus } from '../../../src/domain/ordering/state';
import { orderStream } from '../../../src/domain/ordering/streams';
import type { WalletEvent } from '../../../src/domain/wallet/events';
import { foldWallet, walletBalance } from '../../../src/domain/wallet/state';
import { walletStream } from '../../../src/domain/wallet/streams';
import { paymentProcessEventTypes } from '../../../src/application/processes/paymentProcess';
import { PAYMENT_PROCESS_NAME } from '../../../src/infrastructure/roles/processorRole';
import { bearer, type Session, type TestApp } from '../../support/testApp';

export type StoredEvent = Readonly<{ id: string; type: string; data: Record<string, unknown> }>;

/** Postgres connections are shared by every test run on the machine: each app here takes few. */
export const SMALL_POOL = { DATABASE_POOL_SIZE: '6' } as const;

/**
 * A bound on how long the processor may take, not a measure of its speed: its subscription waits behind the
 * cluster-wide xmin gate, which other test runs' open transactions can hold back for seconds.
 */
export const PROCESSOR_TIMEOUT_MS = 20_000;

/** Polls until the probe yields a value; fails with `what` once the bound has passed. */
export const eventually = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = PROCESSOR_TIMEOUT_MS,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

export const streamEvents = async (app: TestApp, streamName: string): Promise<StoredEvent[]> => {
  const { rows } = await app.database.pool.query<StoredEvent>(
    'select event_id as id, event_type as type, data from events where stream_name = $1 order by stream_revision',
    [streamName],
  );
  return rows;
};

export const allEventIds = async (app: TestApp): Promise<string[]> => {
  const { rows } = await app.database.pool.query<{ id: string }>(
    'select event_id as id from events order by global_position',
  );
  return rows.map((row) => row.id);
};

export const walletEvents = (app: TestApp, userId: string) => streamEvents(app, walletStream(userId));
export const orderEvents = (app: TestApp, orderId: string) => streamEvents(app, orderStream(orderId));

/** The balance folded by the wallet's own decider state from what the store holds. */
export const balanceOf = async (app: TestApp, userId: string): Promise<number> =>
  walletBalance(foldWallet((await walletEvents(app, userId)) as unknown as WalletEvent[]));

export const orderStatusOf = async (app: TestApp, orderId: string): Promise<OrderStatus> =>
  foldOrder((await orderEvents(app, orderId)) as unknown as OrderEvent[]).status;

export const typesOf = (events: readonly StoredEvent[]) => events.map((event) => event.type);

/** Waits until the order's stream holds an event of one of the types; returns the stream. */
export const orderReaches = (app: TestApp, orderId: string, ...types: string[]) =>
  eventually(`order ${orderId} to record ${types.join(' or ')}`, async () => {
    const events = await orderEvents(app, orderId);
    return events.some((event) => types.includes(event.type)) ? events : undefined;
  });

export const walletReaches = (app: TestApp, userId: string, type: string, count = 1) =>
  eventually(`wallet ${userId} to record ${count} × ${type}`, async () => {
    const events = await walletEvents(app, userId);
    return events.filter((event) => event.type === type).length >= count ? events : undefined;
  });

export const post = async (app: TestApp, session: Session, path: string, body: object = {}) => {
  const response = await app
    .http()
    .post(path)
    .set(...bearer(session))
    .send(body);
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${response.text}`);
  return response;
};

export const listProduct = (app: TestApp, merchant: Session, sku: string, priceMinor: number) =>
  post(app, merchant, `/v1/merchants/${merchant.userId}/products`, { sku, name: sku, priceMinor });

export const topUp = (app: TestApp, customer: Session, amountMinor: number) =>
  post(app, customer, '/v1/wallet/top-ups', { amountMinor, externalReference: `psp-${randomUUID()}` });

export const placeOrder = async (
  app: TestApp,
  customer: Session,
  merchant: Session,
  items: readonly { sku: string; quantity: number }[],
): Promise<string> => {
  const orderId = randomUUID();
  await post(app, customer, '/v1/orders', { orderId, merchantId: merchant.userId, items });
  return orderId;
};

/** The processor's checkpoint as stored, or undefined before its first batch. */
export const processorCheckpoint = async (app: TestApp): Promise<string | undefined> => {
  const { rows } = await app.database.pool.query<{ position: string }>(
    "select commit_position || '/' || prepare_position as position from subscription_checkpoints where name = $1",
    [PAYMENT_PROCESS_NAME],
  );
  return rows[0]?.position;
};

/** Where the processor's checkpoint ends up once it has handled every event it subscribes to. */
export const lastTriggerPosition = async (
  app: TestApp,
  types: readonly string[] = paymentProcessEventTypes,
): Promise<string> => {
  const { rows } = await app.database.pool.query<{ position: string }>(
    `select transaction_id::text || '/' || global_position as position from events
     where event_type = any($1) order by transaction_id desc, global_position desc limit 1`,
    [types],
  );
  return rows[0]?.position ?? 'none';
};

/** Every trigger so far handled and checkpointed, so every effect of them is in the store. */
export const processorSettled = (app: TestApp, timeoutMs = PROCESSOR_TIMEOUT_MS) =>
  eventually(
    'the processor to checkpoint the last order event',
    async () => {
      const [checkpoint, last] = [await processorCheckpoint(app), await lastTriggerPosition(app)];
      return checkpoint === last ? checkpoint : undefined;
    },
    timeoutMs,
  );
