import { randomUUID } from 'node:crypto';
import type { Position } from '../../../src/application/eventStore/position';
import type { OrderlyEvent } from '../../../src/domain/events';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { commitBatch } from '../../../src/projections/runner/applyBatch';
import { ProjectionFailedError } from '../../../src/projections/runner/errors';
import { listParkedEvents } from '../../../src/projections/runner/parking';
import { liveTarget, type Projection } from '../../../src/projections/runner/projection';
import { rebuildProjection } from '../../../src/projections/runner/rebuild';
import { copyRows, copyLines } from '../../../src/projections/shared/copyRows';
import {
  append,
  at,
  charged,
  createProjectionTestBed,
  newOrderIds,
  orderPaid,
  type ProjectionTestBed,
  readEverything,
  snapshot,
} from './support/fixtures';

const policy = { maxAttempts: 2, onPoison: 'park' } as const;
const AWKWARD = 'tab\there, line\nbreak, return\r, back\\slash \\N, "quotes", ünïcødé ☕';
let bed: ProjectionTestBed;
let lastPosition: Position;
let strayOrderId: string;

const awkwardOrder = (ids: ReturnType<typeof newOrderIds>, minute: number): OrderlyEvent[] => {
  const line = { sku: 'tea', name: AWKWARD, quantity: 1, unitPriceMinor: 400, lineTotalMinor: 400 };
  const placed = { ...ids, items: [line], totalMinor: 400, currency: 'EUR', placedAt: at(minute) };
  const cancelled = { ...ids, wasPaid: true, reason: AWKWARD, cancelledAt: at(minute + 2) };
  return [{ type: 'OrderPlaced', data: placed }, orderPaid(ids), { type: 'OrderCancelled', data: cancelled }];
};

const awkwardWallet = (ids: ReturnType<typeof newOrderIds>): OrderlyEvent[] => {
  const topUp = { userId: ids.customerId, amountMinor: 5000, currency: 'EUR', toppedUpAt: at(0) };
  return [
    { type: 'WalletToppedUp', data: { ...topUp, externalReference: AWKWARD } },
    charged(ids.customerId, ids.orderId, 1000),
  ];
};

/** Wallets and orders whose text needs COPY's escaping, and a few events the bulk load cannot take. */
const history = async (): Promise<void> => {
  const merchantId = randomUUID();
  for (let index = 0; index < 6; index += 1) {
    const ids = newOrderIds(randomUUID(), merchantId);
    await append(bed.store, walletStream(ids.customerId), awkwardWallet(ids));
    await append(bed.store, orderStream(ids.orderId), awkwardOrder(ids, index));
  }
  const stray = newOrderIds();
  strayOrderId = stray.orderId;
  // An order never placed (the orders read model parks its event) paid twice (analytics counts it once).
  await append(bed.store, orderStream(stray.orderId), [orderPaid(stray), orderPaid(stray, at(9))]);
  // A wallet event without its user: no row can hold it, so both paths park it.
  const noUser = { orderId: stray.orderId, amountMinor: 10, chargedAt: at(1) };
  lastPosition = await append(bed.store, walletStream(randomUUID()), [
    { type: 'WalletCharged', data: noUser } as unknown as OrderlyEvent,
  ]);
};

const TABLES: readonly (readonly [string, readonly string[]])[] = [
  ['orders', ['order_id']],
  ['wallets', ['user_id']],
  ['wallet_transactions', ['transaction_id']],
  ['order_facts', ['order_id']],
  ['order_steps', ['order_id', 'step']],
  ['daily_merchant_sales', ['merchant_id', 'day']],
  ['product_sales', ['merchant_id', 'sku', 'day']],
  ['order_funnel_daily', ['day']],
];

const qualified = (table: string): string =>
  table.startsWith('order_') || table.endsWith('_sales') || table === 'daily_merchant_sales'
    ? `${bed.db.analyticsSchema}.${table}`
    : table;

const state = async () => {
  const rows = await Promise.all(TABLES.map(([table, keys]) => snapshot(bed.db, qualified(table), keys)));
  const parked = await listParkedEvents(bed.db.knex, {});
  const parkedIds = parked.map((entry) => `${entry.projection}:${entry.event.id}`).sort();
  return { rows, parkedIds };
};

beforeAll(async () => {
  bed = await createProjectionTestBed();
  await history();
  const events = await readEverything(bed.store, lastPosition);
  for (const name of ['orders', 'wallets', 'analytics']) {
    await commitBatch(bed.db.knex, liveTarget(bed.byName(name)), events, policy);
  }
});

afterAll(async () => {
  await bed.close();
});

describe('a rebuild that bulk-loads its twins', () => {
  it.each([1, 4, 1000])(
    'leaves rows and parked events as the live path does (batches of %i)',
    async (size) => {
      const live = await state();
      expect(live.parkedIds).toHaveLength(3); // both payments of the stray order, the wallet event
      for (const name of ['orders', 'wallets', 'analytics']) {
        await rebuildProjection(bed.deps, bed.byName(name), { batchSize: size, maxAttempts: 2 });
      }
      expect(await state()).toEqual(live);
    },
  );

  it.each(['orders', 'wallets', 'analytics'])(
    'writes %s by bulk loads, leaving apply to the events a load refused',
    async (name) => {
      const projection = bed.byName(name);
      const applied: unknown[] = [];
      const spied: Projection = {
        ...projection,
        apply: (trx, events, tables) => {
          applied.push(...events.map((event) => event.data.orderId));
          return projection.apply(trx, events, tables);
        },
      };
      const live = await state();
      await rebuildProjection(bed.deps, spied, { batchSize: 1, maxAttempts: 2 });
      expect(await state()).toEqual(live);
      expect(applied.length).toBeGreaterThan(0);
      expect(new Set(applied)).toEqual(new Set([strayOrderId])); // every other event was loaded in bulk
    },
  );

  it('fails at a poison event when told to stop, leaving the live tables as they were', async () => {
    const before = await state();
    const checkpoint = () =>
      bed.db
        .knex('projection_checkpoints')
        .first('commit_position', 'prepare_position')
        .where({ name: 'orders' });
    const checkpointBefore = await checkpoint();
    await expect(
      rebuildProjection(bed.deps, bed.byName('orders'), { batchSize: 5, onPoison: 'stop' }),
    ).rejects.toBeInstanceOf(ProjectionFailedError);
    expect(await state()).toEqual(before);
    expect(await checkpoint()).toEqual(checkpointBefore);
    await rebuildProjection(bed.deps, bed.byName('orders'), { batchSize: 5 });
    expect(await state()).toEqual(before);
  });
});

describe('copyRows', () => {
  it('loads text, nulls, numbers and json exactly as given', async () => {
    const table = `copy_${randomUUID().replaceAll('-', '')}`;
    await bed.db.knex.raw('create table ?? (label text, amount bigint, doc jsonb, note text)', [table]);
    const rows = [
      { label: AWKWARD, amount: 42, doc: { text: AWKWARD, list: [1, null] }, note: null },
      { label: '', amount: -7, doc: [], note: undefined },
    ];
    await bed.db.knex.transaction((trx) =>
      copyRows(
        trx,
        table,
        ['label', 'amount', 'doc', 'note'],
        copyLines(['label', 'amount', 'doc', 'note'], rows),
      ),
    );
    const loaded = await bed.db.knex(table).select('*').orderBy('amount', 'desc');
    expect(loaded).toEqual([
      { label: AWKWARD, amount: '42', doc: { text: AWKWARD, list: [1, null] }, note: null },
      { label: '', amount: '-7', doc: [], note: null },
    ]);
  });
});
