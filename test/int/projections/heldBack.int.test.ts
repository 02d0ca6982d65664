import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { walletStream } from '../../../src/domain/wallet/streams';
import { rebuildProjection } from '../../../src/projections/runner/rebuild';
import { ProjectionRunner } from '../../../src/projections/runner/runner';
import { projectionStatus } from '../../../src/projections/runner/status';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import { untilAllVisible } from '../../support/audit/visibility';
import { append, createProjectionTestBed, type ProjectionTestBed, toppedUp } from './support/fixtures';
import { createProbeTable, probeProjection } from './support/probe';

const HOLD_MS = 150;

/**
 * A transaction left open on the database stalls every projection (the xmin gate): the status must show
 * the events waiting behind it as lag, and a rebuild must not swap in tables that leave them out.
 */
describe('projections while a transaction holds back the store', () => {
  let bed: ProjectionTestBed;
  let holder: Client;

  beforeAll(async () => {
    bed = await createProjectionTestBed();
    holder = new Client({ connectionString: bed.db.settings.url });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end();
    await bed.close();
  });

  /** Opens a transaction that holds an xid: everything committed after it waits behind the gate. */
  const holdTheGate = async () => {
    await holder.query('begin');
    await holder.query('select pg_current_xact_id()');
    return { release: () => holder.query('commit') };
  };

  it('counts the held-back events as lag until the transaction ends, then catches up', async () => {
    const userId = randomUUID();
    await createProbeTable(bed.db.knex, 'probe_stalled');
    const rules = { poison: () => false, crashOn: () => false, crashes: 0 };
    const runner = new ProjectionRunner(
      bed.deps,
      probeProjection('stalled', 'probe_stalled', userId, rules),
      {
        restartDelayMs: 20,
        lockRetryMs: 50,
      },
    );
    runner.start();
    const statusOfProbe = async () =>
      (await projectionStatus(bed.db.knex, bed.store)).find((entry) => entry.name === 'stalled');
    try {
      const first = await append(bed.store, walletStream(userId), [toppedUp(userId, 1)]);
      expect(await waitForPosition(bed.db.knex, ['stalled'], first, 10_000)).toEqual({ caughtUp: true });
      const gate = await holdTheGate();
      const held = await append(bed.store, walletStream(userId), [toppedUp(userId, 2), toppedUp(userId, 3)]);
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));

      const stalled = await statusOfProbe();
      expect(stalled).toMatchObject({ lagEvents: 2, heldBackEvents: 2, lagEventsCapped: false });
      expect(stalled!.lagSeconds).toBeGreaterThan(0);
      expect(await waitForPosition(bed.db.knex, ['stalled'], held, 100)).toEqual({ caughtUp: false });

      await gate.release();
      expect(await waitForPosition(bed.db.knex, ['stalled'], held, 10_000)).toEqual({ caughtUp: true });
      expect(await statusOfProbe()).toMatchObject({ lagEvents: 0, heldBackEvents: 0, lagSeconds: 0 });
    } finally {
      await runner.stop();
    }
  });

  it('lets a rebuild wait for the held-back events before it swaps in', async () => {
    const userId = randomUUID();
    const wallets = bed.byName('wallets');
    const walletRow = () => bed.db.knex('wallets').first('balance_minor').where({ user_id: userId });
    await append(bed.store, walletStream(userId), [toppedUp(userId, 100)]);
    const gate = await holdTheGate();
    await append(bed.store, walletStream(userId), [toppedUp(userId, 20)]);

    const waits: number[] = [];
    let reportWait = () => {};
    const waiting = new Promise<void>((resolve) => (reportWait = resolve));
    const rebuilt = rebuildProjection(bed.deps, wallets, {
      onProgress: ({ heldBack }) => {
        if (heldBack === undefined) return;
        waits.push(heldBack);
        reportWait();
      },
    });
    // The gate opens once the rebuild says it waits (a fixed pause raced a slow catch-up on a busy machine);
    // a rebuild that does not wait ends first and fails below.
    await Promise.race([waiting, rebuilt]);
    await gate.release();
    await rebuilt;
    expect(waits.length).toBeGreaterThan(0);
    expect(await walletRow()).toEqual({ balance_minor: '120' });
  });

  it('swaps in what it has once the wait for held-back events runs out', async () => {
    const userId = randomUUID();
    const wallets = bed.byName('wallets');
    const walletRow = () => bed.db.knex('wallets').first('balance_minor').where({ user_id: userId });
    await append(bed.store, walletStream(userId), [toppedUp(userId, 100)]);
    await untilAllVisible(bed.store, bed.db.pool); // other test files' transactions share the cluster-wide gate
    const gate = await holdTheGate();
    try {
      await append(bed.store, walletStream(userId), [toppedUp(userId, 20)]);
      await rebuildProjection(bed.deps, wallets, { maxHeldBackWaitMs: 0 });
      expect(await walletRow()).toEqual({ balance_minor: '100' });
    } finally {
      await gate.release();
    }
  });
});
