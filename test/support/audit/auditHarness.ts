import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createCommandHandler } from '../../../src/application/commands/handleCommand';
import { createPaymentProcess } from '../../../src/application/processes/paymentProcess';
import { orderDecider } from '../../../src/domain/ordering/decide';
import type { OrderCommand } from '../../../src/domain/ordering/commands';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletDecider } from '../../../src/domain/wallet/decide';
import { walletStream } from '../../../src/domain/wallet/streams';
import { createAccessTokens } from '../../../src/infrastructure/auth/accessTokens';
import type { Role } from '../../../src/infrastructure/auth/principal';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { analyticsRoutes } from '../../../src/infrastructure/http/analytics/routes';
import { createHttpApp } from '../../../src/infrastructure/http/app';
import { auditRoutes } from '../../../src/infrastructure/http/audit/routes';
import { createLogger } from '../../../src/infrastructure/logging/logger';
import { analyticsProjection } from '../../../src/projections/analytics/projection';
import { auditIndexProjection } from '../../../src/projections/auditIndex/projection';
import { startProjectionRunners } from '../../../src/projections/runner/runners';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import { createTestDatabase } from '../database';
import { lastCommittedPosition, untilAllVisible } from './visibility';

/**
 * The audit and analytics routers in an app of their own (createHttpApp, as the process builds it) over a
 * fresh schema of the real Postgres, with the audit index and analytics projections running.
 */
export const startAuditHarness = async () => {
  const database = await createTestDatabase({ poolSize: 12 });
  const store = new PostgresEventStore(database.pool);
  const accessTokens = createAccessTokens({
    secret: 'audit-harness-secret-of-enough-length',
    issuer: 'orderly',
    audience: 'orderly-mobile',
    ttlSeconds: 900,
  });
  const deps = { store, knex: database.knex, accessTokens, rateLimitPerMinute: 100_000 };
  const app = createHttpApp({
    logger: createLogger('silent'),
    bodyLimitBytes: 65_536,
    rateLimitPerMinute: 100_000,
    routers: [auditRoutes(deps), analyticsRoutes({ ...deps, analyticsSchema: database.analyticsSchema })],
  });
  const projections = [auditIndexProjection, analyticsProjection(database.analyticsSchema)];
  const runners = startProjectionRunners({ knex: database.knex, pool: database.pool, store }, projections);
  const commands = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 5 });
  const payments = createPaymentProcess(commands, { platformFeeBasisPoints: 0 });

  /**
   * Resolves once both projections have applied everything committed so far, and `$all` readers see it all.
   * The head is read without the store's xmin gate (an unrelated open transaction can hold it back).
   */
  const caughtUp = async (): Promise<void> => {
    const head = await lastCommittedPosition(database.pool);
    if (head === undefined) return;
    const names = projections.map((projection) => projection.name);
    const { caughtUp: reached } = await waitForPosition(database.knex, names, head, 30_000);
    if (!reached) throw new Error('the projections did not catch up');
    await untilAllVisible(store, database.pool);
  };

  return {
    database,
    store,
    commands,
    payments,
    caughtUp,
    http: () => request(app),
    tokenFor: (role: Role, userId: string = randomUUID()) =>
      `Bearer ${accessTokens.issue({ userId, roles: [role] }).token}`,
    stop: async () => {
      await runners.stop();
      await store.close();
      await database.drop();
    },
  };
};

export type AuditHarness = Awaited<ReturnType<typeof startAuditHarness>>;

export const topUp = (harness: AuditHarness, userId: string, amountMinor: number, now: string) =>
  harness.commands.handle(
    walletDecider,
    walletStream(userId),
    { type: 'TopUp', data: { userId, amountMinor, currency: 'EUR', externalReference: randomUUID(), now } },
    { correlationId: randomUUID(), userId },
  );

export const orderCommand = (
  harness: AuditHarness,
  orderId: string,
  command: OrderCommand,
  correlationId = randomUUID(),
) => harness.commands.handle(orderDecider, orderStream(orderId), command, { correlationId, userId: 'test' });

/** Places an order and runs the payment process on it, as the processor would: charged, then paid (or failed). */
export const placeAndPay = async (
  harness: AuditHarness,
  order: Readonly<{
    customerId: string;
    merchantId: string;
    sku: string;
    quantity: number;
    unitPriceMinor: number;
    now: string;
  }>,
  correlationId = randomUUID(),
): Promise<string> => {
  const orderId = randomUUID();
  const line = {
    sku: order.sku,
    name: `Product ${order.sku}`,
    quantity: order.quantity,
    unitPriceMinor: order.unitPriceMinor,
    lineTotalMinor: order.quantity * order.unitPriceMinor,
  };
  const data = {
    orderId,
    customerId: order.customerId,
    merchantId: order.merchantId,
    items: [line],
    currency: 'EUR',
    now: order.now,
  };
  await orderCommand(harness, orderId, { type: 'PlaceOrder', data }, correlationId);
  const [placed] = await harness.store.readStream(orderStream(orderId), { maxCount: 1 });
  if (placed === undefined) throw new Error('the order was not placed');
  await harness.payments.handle(placed);
  return orderId;
};
