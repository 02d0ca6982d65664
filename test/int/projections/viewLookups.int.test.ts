import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Position } from '../../../src/application/eventStore/position';
import { orderStream } from '../../../src/domain/ordering/streams';
import { createKnex } from '../../../src/infrastructure/db/postgres';
import { findOrder } from '../../../src/projections/orders/queries';
import { commitBatch } from '../../../src/projections/runner/applyBatch';
import { liveTarget } from '../../../src/projections/runner/projection';
import { rebuildProjection } from '../../../src/projections/runner/rebuild';
import {
  append,
  createProjectionTestBed,
  newOrderIds,
  orderPaid,
  orderPlaced,
  type ProjectionTestBed,
  readEverything,
} from './support/fixtures';

const policy = { maxAttempts: 2, onPoison: 'park' } as const;
let bed: ProjectionTestBed;
const merchantId = randomUUID();

/** Places orders and applies everything so far to the live orders table; returns the orders' ids. */
const placeOrders = async (count: number): Promise<ReturnType<typeof newOrderIds>[]> => {
  const placed = Array.from({ length: count }, () => newOrderIds(randomUUID(), merchantId));
  let last: Position | undefined;
  for (const ids of placed) last = await append(bed.store, orderStream(ids.orderId), [orderPlaced(ids)]);
  const events = await readEverything(bed.store, last!);
  await commitBatch(bed.db.knex, liveTarget(bed.byName('orders')), events, policy);
  return placed;
};

beforeAll(async () => {
  bed = await createProjectionTestBed();
});

afterAll(async () => {
  await bed.close();
});

describe('order view lookups', () => {
  it('answer concurrent requests with one statement, each with its own order', async () => {
    const orders = await placeOrders(20);
    const wanted = [...orders.map((ids) => ids.orderId), randomUUID(), orders[3]!.orderId];
    const acquired = jest.spyOn(bed.db.knex.client as Knex.Client, 'acquireConnection');
    try {
      const views = await Promise.all(wanted.map((orderId) => findOrder(bed.db.knex, orderId)));
      expect(views.map((view) => view?.orderId)).toEqual([
        ...orders.map((ids) => ids.orderId),
        undefined,
        orders[3]!.orderId,
      ]);
      expect(views[5]).toMatchObject({
        customerId: orders[5]!.customerId,
        status: 'placed',
        totalMinor: 1000,
      });
      expect(acquired).toHaveBeenCalledTimes(1);
    } finally {
      acquired.mockRestore();
    }
  });

  it('read the rebuilt table after a swap on a connection that prepared the statement before it', async () => {
    const oneConnection = createKnex({ ...bed.db.settings, poolSize: 1 });
    try {
      const [ids] = await placeOrders(1);
      expect((await findOrder(oneConnection, ids!.orderId))?.status).toBe('placed');
      // Only the rebuild sees the payment: the live table is not told about it.
      await append(bed.store, orderStream(ids!.orderId), [orderPaid(ids!)]);
      await rebuildProjection(bed.deps, bed.byName('orders'));
      expect((await findOrder(oneConnection, ids!.orderId))?.status).toBe('paid');
    } finally {
      await oneConnection.destroy();
    }
  });
});
