import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import { type CommandHandler, createCommandHandler } from '../../../src/application/commands/handleCommand';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { createKnex, createPool } from '../../../src/infrastructure/db/postgres';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createCheckpointStore } from '../../../src/infrastructure/subscriptions/checkpointStore';
import { testDatabaseUrl } from '../../support/database';
import { TcpProxy } from '../../support/tcpProxy';
import { balanceOf, createHarness, type Harness, placeOrder, pollUntil, topUp, typesIn } from './harness';
import { processorFromHere, quietLogger, runProcessor, settled } from './processorRuns';

/**
 * The processor reaches Postgres through a TCP relay the test cuts, as an outage would; the test itself
 * seeds and checks over a direct connection.
 */
describe('the payment process through a real database outage', () => {
  let harness: Harness;
  let proxy: TcpProxy;
  let proxiedPool: Pool;
  let proxiedKnex: Knex;
  let proxied: Harness;

  beforeAll(async () => {
    // knex prints every connection the cut ends; that is this test's point, not noise to show.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    harness = await createHarness();
    const target = new URL(testDatabaseUrl());
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    target.port = String(await proxy.start());
    const settings = { ...harness.database.settings, url: target.toString(), poolSize: 3 };
    proxiedPool = createPool(settings);
    proxiedKnex = createKnex(settings);
    const store = new PostgresEventStore(proxiedPool, { polling: { maxRetryDelayMs: 200 } });
    const commands = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 100 });
    const checkpoints = createCheckpointStore(proxiedKnex);
    proxied = { database: harness.database, store, commands, checkpoints, close: () => store.close() };
  });
  afterAll(async () => {
    await proxied.close();
    await proxiedPool.end();
    await proxiedKnex.destroy();
    await proxy.cut();
    await harness.close();
    jest.restoreAllMocks();
  });

  /** The real handler, with the database cut off right after the first wallet charge is appended. */
  const cutAfterTheCharge = (commands: CommandHandler): CommandHandler => {
    let cut = false;
    return {
      ...commands,
      handle: async (decider, streamName, command, context, options) => {
        const result = await commands.handle(decider, streamName, command, context, options);
        if (command.type === 'ChargeForOrder' && !cut) {
          cut = true;
          await proxy.cut();
        }
        return result;
      },
    };
  };

  it('retries through the outage and records the payment once the database is back, charging once', async () => {
    const [customerId, merchantId] = [randomUUID(), randomUUID()];
    const name = await processorFromHere(harness);
    const startedAt = await harness.checkpoints.load(name);
    await topUp(harness, customerId, 1_000);
    const orderId = await placeOrder(harness, customerId, merchantId, 600);
    const failures: string[] = [];
    const logger = {
      ...quietLogger,
      error: (_: object, message?: string) => void failures.push(String(message)),
    };
    const running = runProcessor(proxied, { name, logger, commands: cutAfterTheCharge(proxied.commands) });

    await pollUntil('the processor to fail against the cut database twice', () =>
      Promise.resolve(failures.length >= 2),
    );
    expect(await typesIn(harness, walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced']);
    expect(await harness.checkpoints.load(name)).toEqual(startedAt);

    await proxy.start();
    await settled(harness, name);
    await running.stop();
    expect(await typesIn(harness, walletStream(customerId))).toEqual(['WalletToppedUp', 'WalletCharged']);
    expect(await typesIn(harness, orderStream(orderId))).toEqual(['OrderPlaced', 'OrderPaid']);
    expect(await balanceOf(harness, customerId)).toBe(400);
  });
});
