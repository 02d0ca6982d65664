import { randomUUID } from 'node:crypto';
import { walletStream } from '../../../src/domain/wallet/streams';
import { tryAdvisoryLock } from '../../../src/projections/runner/advisoryLock';
import { readCheckpoint } from '../../../src/projections/runner/checkpoints';
import { listParkedEvents, replayParkedEvents } from '../../../src/projections/runner/parking';
import { ProjectionRunner } from '../../../src/projections/runner/runner';
import { projectionStatus } from '../../../src/projections/runner/status';
import { waitForPosition } from '../../../src/projections/runner/waitForPosition';
import { append, createProjectionTestBed, type ProjectionTestBed, toppedUp } from './support/fixtures';
import { createProbeTable, eventually, type ProbeBehaviour, probeProjection } from './support/probe';

let bed: ProjectionTestBed;
const running: ProjectionRunner[] = [];
const fast = { restartDelayMs: 20, lockRetryMs: 50 };

const setup = async (
  name: string,
  behaviour: Partial<ProbeBehaviour> = {},
  onPoison: 'park' | 'stop' = 'park',
) => {
  const table = `probe_${name}`;
  await createProbeTable(bed.db.knex, table);
  const rules: ProbeBehaviour = { poison: () => false, crashOn: () => false, crashes: 0, ...behaviour };
  const userId = randomUUID();
  const projection = probeProjection(name, table, userId, rules);
  const start = () => {
    const runner = new ProjectionRunner(bed.deps, projection, { ...fast, onPoison });
    running.push(runner);
    runner.start();
    return runner;
  };
  const loggedAmounts = async () =>
    (await bed.db.knex(table).select('amount').orderBy('amount')).map((row: { amount: string }) =>
      Number(row.amount),
    );
  const topUps = (amounts: readonly number[]) =>
    append(
      bed.store,
      walletStream(userId),
      amounts.map((amount) => toppedUp(userId, amount)),
    );
  return { projection, rules, start, loggedAmounts, topUps };
};

beforeAll(async () => {
  bed = await createProjectionTestBed();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((runner) => runner.stop()));
});

afterAll(() => bed.close());

describe('a running projection', () => {
  it('applies appended events once and stores the checkpoint with them', async () => {
    const probe = await setup('plain');
    probe.start();
    const position = await probe.topUps([1, 2, 3]);
    expect(await waitForPosition(bed.db.knex, ['plain'], position, 10_000)).toEqual({ caughtUp: true });
    expect(await probe.loggedAmounts()).toEqual([1, 2, 3]);
    expect(await readCheckpoint(bed.db.knex, 'plain')).toEqual(position);
  });

  it('parks a poison event after its retries and goes on with the rest', async () => {
    const probe = await setup('poisoned', { poison: (event) => event.data.amountMinor === 13 });
    probe.start();
    const position = await probe.topUps([11, 12, 13, 14]);
    await waitForPosition(bed.db.knex, ['poisoned'], position, 10_000);
    expect(await probe.loggedAmounts()).toEqual([11, 12, 14]);
    const parked = await listParkedEvents(bed.db.knex, { projection: 'poisoned' });
    expect(parked.map((entry) => [entry.event.data.amountMinor, entry.attempts])).toEqual([[13, 3]]);
    expect(parked[0]?.error).toMatch(/poison/);
    const status = (await projectionStatus(bed.db.knex, bed.store)).find(
      (entry) => entry.name === 'poisoned',
    );
    expect(status).toMatchObject({ parked: 1, lagEvents: 0 });
  });

  it('replays a parked event once its cause is fixed, and then forgets it', async () => {
    const probe = await setup('replayed', { poison: (event) => event.data.amountMinor === 22 });
    const runner = probe.start();
    await waitForPosition(bed.db.knex, ['replayed'], await probe.topUps([21, 22]), 10_000);
    const stillBroken = await replayParkedEvents(bed.db.knex, [runner.projection], {
      projection: 'replayed',
    });
    expect(stillBroken).toEqual([expect.objectContaining({ replayed: false })]);
    probe.rules.poison = () => false;
    const fixed = await replayParkedEvents(bed.db.knex, [runner.projection], { projection: 'replayed' });
    expect(fixed).toEqual([expect.objectContaining({ replayed: true })]);
    expect(await probe.loggedAmounts()).toEqual([21, 22]);
    expect(await listParkedEvents(bed.db.knex, { projection: 'replayed' })).toEqual([]);
  });

  it('stops as failed at a poison event when so configured, leaving the batch unapplied', async () => {
    const probe = await setup('strict', { poison: (event) => event.data.amountMinor === 32 }, 'stop');
    const runner = probe.start();
    const before = await probe.topUps([31]);
    await waitForPosition(bed.db.knex, ['strict'], before, 10_000);
    await probe.topUps([32, 33]);
    await eventually(() => runner.state === 'failed');
    expect(await probe.loggedAmounts()).toEqual([31]);
    expect(await readCheckpoint(bed.db.knex, 'strict')).toEqual(before);
    const status = (await projectionStatus(bed.db.knex, bed.store)).find((entry) => entry.name === 'strict');
    expect(status).toMatchObject({ state: 'failed', lagEvents: 2, parked: 0 });
  });

  it('survives its connection dying mid-batch: rows and checkpoint stay consistent', async () => {
    const probe = await setup('crashing', { crashOn: (event) => event.data.amountMinor === 42 });
    probe.start();
    const position = await probe.topUps([41, 42, 43]);
    expect(await waitForPosition(bed.db.knex, ['crashing'], position, 10_000)).toEqual({ caughtUp: true });
    // The killed transaction took its rows with it: each event is logged exactly once.
    expect(await probe.loggedAmounts()).toEqual([41, 42, 43]);
    expect(probe.rules.crashes).toBe(1);
    expect(await listParkedEvents(bed.db.knex, { projection: 'crashing' })).toEqual([]);
    const status = (await projectionStatus(bed.db.knex, bed.store)).find(
      (entry) => entry.name === 'crashing',
    );
    expect(status?.lastError).toMatch(/connection/i);
  });
});

describe('two instances of one projection', () => {
  it('only one runs; the other takes over when it stops', async () => {
    const probe = await setup('exclusive');
    const first = probe.start();
    await waitForPosition(bed.db.knex, ['exclusive'], await probe.topUps([51]), 10_000);
    const second = probe.start();
    await eventually(() => second.state === 'standby');
    expect(await tryAdvisoryLock(bed.db.pool, 'projection:exclusive')).toBeUndefined();
    await first.stop();
    await eventually(() => second.state === 'live' || second.state === 'catching_up');
    await waitForPosition(bed.db.knex, ['exclusive'], await probe.topUps([52]), 10_000);
    expect(await probe.loggedAmounts()).toEqual([51, 52]);
  });
});
