import { randomUUID } from 'node:crypto';
import { orderStream } from '../../../src/domain/ordering/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { findOrder } from '../../../src/projections/orders/queries';
import { type ProjectionRunners, startProjectionRunners } from '../../../src/projections/runner/runners';
import { projectionStatus } from '../../../src/projections/runner/status';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import { findWallet } from '../../../src/projections/wallets/queries';
import {
  append,
  createProjectionTestBed,
  newOrderIds,
  orderPlaced,
  type ProjectionTestBed,
  toppedUp,
} from './support/fixtures';
import { eventually } from './support/probe';

let bed: ProjectionTestBed;
let runners: ProjectionRunners | undefined;
const names = () => bed.projections.map((projection) => projection.name);

beforeAll(async () => {
  bed = await createProjectionTestBed();
  runners = startProjectionRunners(bed.deps, bed.projections, { restartDelayMs: 20 });
});

afterAll(async () => {
  await runners?.stop();
  await bed.close();
});

describe('the read models, live', () => {
  it('show a command’s events once its position is reached', async () => {
    const ids = newOrderIds();
    const position = await append(bed.store, orderStream(ids.orderId), [orderPlaced(ids)]);
    expect(await waitForPosition(bed.db.knex, ['orders', 'analytics'], position, 10_000)).toEqual({
      caughtUp: true,
    });
    expect(await findOrder(bed.db.knex, ids.orderId)).toMatchObject({ status: 'placed', totalMinor: 1000 });
  });

  it('reach positions of events they do not handle (every projection, not only the one concerned)', async () => {
    const userId = randomUUID();
    const position = await append(bed.store, walletStream(userId), [toppedUp(userId, 700)]);
    expect(await waitForPosition(bed.db.knex, names(), position, 10_000)).toEqual({ caughtUp: true });
    expect(await findWallet(bed.db.knex, userId)).toMatchObject({ balanceMinor: 700 });
  });

  it('report their status: live, no lag, nothing parked', async () => {
    await eventually(async () =>
      (await projectionStatus(bed.db.knex, bed.store)).every((s) => s.state === 'live'),
    );
    const statuses = await projectionStatus(bed.db.knex, bed.store);
    expect(statuses.map((status) => status.name).sort()).toEqual(names().sort());
    for (const status of statuses) expect(status).toMatchObject({ lagEvents: 0, lagSeconds: 0, parked: 0 });
    expect(statuses.find((status) => status.name === 'wallets')?.eventsApplied).toBe(1);
  });

  it('say “not caught up” when the wait runs out (runners stopped)', async () => {
    const running = runners;
    runners = undefined;
    await running?.stop();
    const ids = newOrderIds();
    const position = await append(bed.store, orderStream(ids.orderId), [orderPlaced(ids)]);
    expect(await waitForPosition(bed.db.knex, ['orders'], position, 200)).toEqual({ caughtUp: false });
    const ordersStatus = async () =>
      (await projectionStatus(bed.db.knex, bed.store)).find((status) => status.name === 'orders');
    // The lag counts events visible in $all, which an open transaction elsewhere may hold back a moment.
    await eventually(async () => (await ordersStatus())?.lagEvents === 1);
    expect(await ordersStatus()).toMatchObject({ state: 'stopped', lagEvents: 1 });
  });
});
