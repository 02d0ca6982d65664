import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../../src/domain/shared/errors';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { tryAdvisoryLock } from '../../../src/projections/runner/advisoryLock';
import { type RebuildProgress, rebuildProjection } from '../../../src/projections/runner/rebuild';
import { type ProjectionRunners, startProjectionRunners } from '../../../src/projections/runner/runners';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import {
  append,
  at,
  charged,
  createProjectionTestBed,
  newOrderIds,
  orderPaid,
  orderPlaced,
  type ProjectionTestBed,
  snapshot,
  toppedUp,
} from './support/fixtures';

let bed: ProjectionTestBed;
let runners: ProjectionRunners;

const tablesAndKeys = (): [string, string[]][] => {
  const analytics = bed.db.analyticsSchema;
  return [
    ['orders', ['order_id']],
    ['wallets', ['user_id']],
    ['wallet_transactions', ['transaction_id']],
    [`${analytics}.daily_merchant_sales`, ['merchant_id', 'day']],
    [`${analytics}.product_sales`, ['merchant_id', 'sku', 'day']],
    [`${analytics}.order_funnel_daily`, ['day']],
  ];
};

const allRows = async () =>
  Promise.all(tablesAndKeys().map(([table, keys]) => snapshot(bed.db, table, keys)));

const indexNames = async (): Promise<string[]> => {
  const result = await bed.db.knex.raw<{ rows: { indexname: string }[] }>(
    'select indexname from pg_indexes where schemaname in (?, ?) order by indexname',
    [bed.db.settings.schema, bed.db.analyticsSchema],
  );
  return result.rows.map((row) => row.indexname);
};

const someHistory = async (orders: number) => {
  const merchantId = randomUUID();
  let last = undefined as Awaited<ReturnType<typeof append>> | undefined;
  for (let index = 0; index < orders; index += 1) {
    const ids = newOrderIds(randomUUID(), merchantId);
    await append(bed.store, walletStream(ids.customerId), [
      toppedUp(ids.customerId, 2000),
      charged(ids.customerId, ids.orderId, 1000),
    ]);
    last = await append(bed.store, orderStream(ids.orderId), [
      orderPlaced(ids, at(index)),
      orderPaid(ids, at(index + 1)),
    ]);
  }
  return last!;
};

beforeAll(async () => {
  bed = await createProjectionTestBed();
  runners = startProjectionRunners(bed.deps, bed.projections, { restartDelayMs: 20 });
});

afterAll(async () => {
  await runners.stop();
  await bed.close();
});

describe('rebuilding a projection while it runs live', () => {
  it('produces rows identical to the live ones, keeps index names and reports progress', async () => {
    const position = await someHistory(25);
    const caughtUp = await waitForPosition(bed.db.knex, ['orders', 'wallets', 'analytics'], position, 15_000);
    expect(caughtUp).toEqual({ caughtUp: true });
    const [before, indexesBefore] = [await allRows(), await indexNames()];
    const progress: RebuildProgress[] = [];
    for (const name of ['orders', 'wallets', 'analytics']) {
      const result = await rebuildProjection(bed.deps, bed.byName(name), {
        batchSize: 7,
        onProgress: (p) => progress.push(p),
      });
      expect(result.events).toBeGreaterThan(0);
    }
    expect(await allRows()).toEqual(before);
    expect(await indexNames()).toEqual(indexesBefore);
    expect(progress.at(-1)).toMatchObject({ eventsDone: 50, headPosition: position });
  });

  it('hands over to the live runner, which goes on from the rebuilt checkpoint', async () => {
    const rebuilding = rebuildProjection(bed.deps, bed.byName('wallets'), { batchSize: 5 });
    const later = await someHistory(3);
    await rebuilding;
    expect(await waitForPosition(bed.db.knex, ['wallets', 'orders'], later, 15_000)).toEqual({
      caughtUp: true,
    });
    const live = await allRows();
    await rebuildProjection(bed.deps, bed.byName('wallets'));
    expect(await allRows()).toEqual(live);
    const transactions = await bed.db.knex('wallet_transactions').count({ count: '*' });
    expect(Number(transactions[0]?.count)).toBe(56);
  });

  it('refuses a second rebuild of the same projection at once', async () => {
    const lock = await tryAdvisoryLock(bed.db.pool, 'projection:orders__rebuild');
    try {
      await expect(rebuildProjection(bed.deps, bed.byName('orders'))).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await lock?.release();
    }
  });
});
