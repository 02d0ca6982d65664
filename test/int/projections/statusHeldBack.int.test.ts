import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { walletStream } from '../../../src/domain/wallet/streams';
import { ProjectionRunner } from '../../../src/projections/runner/runner';
import { projectionStatus } from '../../../src/projections/runner/status';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import { append, createProjectionTestBed, type ProjectionTestBed, toppedUp } from './support/fixtures';
import { createProbeTable, probeProjection } from './support/probe';

/**
 * A transaction left open on the database stalls every projection (the xmin gate): the status must show
 * the events waiting behind it as lag, not report the projection caught up.
 */
describe('projection status while a transaction holds back the store', () => {
  let bed: ProjectionTestBed;
  let runner: ProjectionRunner;
  let holder: Client;
  const userId = randomUUID();

  beforeAll(async () => {
    bed = await createProjectionTestBed();
    await createProbeTable(bed.db.knex, 'probe_stalled');
    const rules = { poison: () => false, crashOn: () => false, crashes: 0 };
    runner = new ProjectionRunner(bed.deps, probeProjection('stalled', 'probe_stalled', userId, rules), {
      restartDelayMs: 20,
      lockRetryMs: 50,
    });
    runner.start();
    holder = new Client({ connectionString: bed.db.settings.url });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end();
    await runner.stop();
    await bed.close();
  });

  const statusOfProbe = async () =>
    (await projectionStatus(bed.db.knex, bed.store)).find((entry) => entry.name === 'stalled');

  it('counts the held-back events as lag until the transaction ends, then catches up', async () => {
    const first = await append(bed.store, walletStream(userId), [toppedUp(userId, 1)]);
    expect(await waitForPosition(bed.db.knex, ['stalled'], first, 10_000)).toEqual({ caughtUp: true });
    await holder.query('begin');
    await holder.query('select pg_current_xact_id()');
    const held = await append(bed.store, walletStream(userId), [toppedUp(userId, 2), toppedUp(userId, 3)]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const stalled = await statusOfProbe();
    expect(stalled).toMatchObject({ lagEvents: 2, heldBackEvents: 2, lagEventsCapped: false });
    expect(stalled!.lagSeconds).toBeGreaterThanOrEqual(1);
    expect(await waitForPosition(bed.db.knex, ['stalled'], held, 200)).toEqual({ caughtUp: false });

    await holder.query('commit');
    expect(await waitForPosition(bed.db.knex, ['stalled'], held, 10_000)).toEqual({ caughtUp: true });
    expect(await statusOfProbe()).toMatchObject({ lagEvents: 0, heldBackEvents: 0, lagSeconds: 0 });
  });
});
