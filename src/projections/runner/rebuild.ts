import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../../application/eventStore/eventStore';
import type { Position } from '../../application/eventStore/position';
import { ConflictError } from '../../domain/shared/errors';
import { tryAdvisoryLock } from './advisoryLock';
import { applyInTransaction, commitBatch, type PoisonPolicy } from './applyBatch';
import { finishBulk, rebuildWriter } from './bulkWriter';
import { CHECKPOINTS, lockCheckpoint, readCheckpoint, registerCheckpoint } from './checkpoints';
import { delay } from './errors';
import { PARKED } from './parking';
import { type Projection, type ProjectionTarget, rebuildTarget } from './projection';
import type { RunnerDependencies } from './runnerOptions';
import { addDeferredIndex, createTwin, swapTable } from './swapTables';
import { announceCheckpoint } from './waitForPosition';

export type RebuildProgress = Readonly<{
  eventsDone: number;
  position?: Position;
  headPosition?: Position;
  /** Set while events wait behind a transaction still open on the database. */
  heldBack?: number;
}>;

export type RebuildOptions = Partial<PoisonPolicy> &
  Readonly<{
    batchSize?: number;
    /** How long to wait for events held back by an open transaction before swapping in (default 30 s). */
    maxHeldBackWaitMs?: number;
    onProgress?: (progress: RebuildProgress) => void;
  }>;

export type RebuildResult = Readonly<{ events: number; parked: number; seconds: number }>;

type Rebuild = Readonly<{ knex: Knex; store: EventStore; target: ProjectionTarget; policy: PoisonPolicy }>;

const readPage = (rebuild: Rebuild, from: Position | undefined, maxCount: number): Promise<RecordedEvent[]> =>
  rebuild.store.readAll({ from, maxCount, filter: { eventTypes: rebuild.target.projection.eventTypes } });

type CatchUp = { done: number; parked: number; last: Position | undefined };

/** Reads page n+1 while page n is written: catch-up speed is the slower of the two, not their sum. */
const catchUp = async (
  rebuild: Rebuild,
  batchSize: number,
  progress: CatchUp,
  onProgress: (done: number, at?: Position) => void,
): Promise<CatchUp> => {
  let { done, parked, last } = progress;
  let next = readPage(rebuild, last, batchSize);
  for (;;) {
    const events = await next;
    const lastOfPage = events.at(-1);
    if (lastOfPage === undefined) return { done, parked, last };
    next =
      events.length < batchSize ? Promise.resolve([]) : readPage(rebuild, lastOfPage.position, batchSize);
    next.catch(() => undefined); // observed on the next turn; keeps a failed write from orphaning it
    const outcome = await commitBatch(rebuild.knex, rebuild.target, events, rebuild.policy, {
      write: rebuildWriter(rebuild.target, events),
    });
    done += events.length;
    parked += outcome?.parked ?? 0;
    last = lastOfPage.position;
    onProgress(done, last);
  }
};

/**
 * Events committed behind a transaction still open on the database are not readable yet (the xmin gate):
 * a rebuild waits for them, up to `maxWaitMs`, so what it swaps in holds everything committed when it
 * started. Past that it swaps in what it has; the live runner applies the rest once the transaction ends.
 */
const catchUpPastHeldBack = async (
  rebuild: Rebuild,
  batchSize: number,
  maxWaitMs: number,
  onProgress: (done: number, at?: Position, waitingFor?: number) => void,
): Promise<CatchUp> => {
  const filter = { eventTypes: rebuild.target.projection.eventTypes };
  const deadline = Date.now() + maxWaitMs;
  let progress = await catchUp(rebuild, batchSize, { done: 0, parked: 0, last: undefined }, onProgress);
  for (;;) {
    const held = await rebuild.store.heldBack({ filter, cap: 1 });
    if (held.count === 0 || Date.now() >= deadline) return progress;
    onProgress(progress.done, progress.last, held.count);
    await delay(50);
    progress = await catchUp(rebuild, batchSize, progress, onProgress);
  }
};

/** Applies what arrived since the catch-up, then puts the twins in place of the live tables. */
const swap = async (rebuild: Rebuild, batchSize: number): Promise<number> =>
  rebuild.knex.transaction(async (trx) => {
    const { projection, checkpointName, tables } = rebuild.target;
    await lockCheckpoint(trx, projection.name); // waits for the live runner's batch, then holds it off
    let tail = 0;
    for (let from = (await lockCheckpoint(trx, checkpointName)) ?? undefined; ;) {
      const events = await readPage(rebuild, from, batchSize);
      const outcome = await applyInTransaction(trx, rebuild.target, events, rebuild.policy);
      tail += events.length;
      if (outcome === undefined || events.length < batchSize) break;
      from = outcome.position;
    }
    for (const [key, live] of Object.entries(projection.tables)) {
      await swapTable(trx, live, tables[key] as string);
    }
    await moveCheckpoint(trx, checkpointName, projection.name);
    return tail;
  });

const rebuildAhead =
  'live.commit_position is null or (r.commit_position, r.prepare_position) > (live.commit_position, live.prepare_position)';

// The live row may be ahead (idle advances over foreign events): the twins hold everything up to either.
const MOVE_CHECKPOINT = `
  update ?? live set
    commit_position = case when ${rebuildAhead} then r.commit_position else live.commit_position end,
    prepare_position = case when ${rebuildAhead} then r.prepare_position else live.prepare_position end,
    last_event_recorded_at = r.last_event_recorded_at, events_applied = r.events_applied, last_error = null,
    updated_at = now()
  from ?? r where live.name = ? and r.name = ?`;

const moveCheckpoint = async (trx: Knex.Transaction, from: string, to: string): Promise<void> => {
  await trx.raw(MOVE_CHECKPOINT, [CHECKPOINTS, CHECKPOINTS, to, from]);
  await trx(CHECKPOINTS).where({ name: from }).delete();
  await trx(PARKED).where({ projection: to }).delete();
  await trx(PARKED).where({ projection: from }).update({ projection: to });
};

/**
 * Rebuilds a projection from position zero into `__rebuild` twins while the live tables keep serving,
 * then swaps them in one transaction; a running live runner carries on from the rebuilt checkpoint.
 */
export const rebuildProjection = async (
  deps: RunnerDependencies,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> => {
  const started = Date.now();
  const target = rebuildTarget(projection);
  const lock = await tryAdvisoryLock(deps.pool, `projection:${target.checkpointName}`);
  if (lock === undefined) {
    throw new ConflictError(
      'PROJECTION.REBUILD_RUNNING',
      `A rebuild of ${projection.name} is already running.`,
    );
  }
  try {
    const policy: PoisonPolicy = {
      maxAttempts: options.maxAttempts ?? 3,
      onPoison: options.onPoison ?? 'park',
    };
    const rebuild: Rebuild = { knex: deps.knex, store: deps.store, target, policy };
    const batchSize = options.batchSize ?? 5000;
    const deferredIndexes = await prepare(deps.knex, target);
    const headPosition = await deps.store.headPosition();
    const caughtUp = await catchUpPastHeldBack(
      rebuild,
      batchSize,
      options.maxHeldBackWaitMs ?? 30_000,
      (eventsDone, position, heldBack) =>
        options.onProgress?.({ eventsDone, position, headPosition, heldBack }),
    );
    await completeTwins(deps.knex, target, deferredIndexes);
    const tail = await swap(rebuild, batchSize);
    const position = await readCheckpoint(deps.knex, projection.name);
    if (position !== undefined) announceCheckpoint(deps.knex, projection.name, position);
    return { events: caughtUp.done + tail, parked: caughtUp.parked, seconds: (Date.now() - started) / 1000 };
  } finally {
    await lock.release();
  }
};

/**
 * The derived tables and the secondary indexes, built side by side on connections of their own: Node has
 * nothing to do meanwhile, and one statement keeps only one core of the database busy. Every build ends
 * before this returns, failed or not, so none outlives the rebuild's lock.
 */
const completeTwins = async (
  knex: Knex,
  target: ProjectionTarget,
  deferredIndexes: ReadonlyMap<string, readonly string[]>,
): Promise<void> => {
  const indexes = [...deferredIndexes].flatMap(([twin, shapes]) =>
    shapes.map((shape) => addDeferredIndex(knex, twin, shape)),
  );
  const outcomes = await Promise.allSettled([finishBulk(knex, target), ...indexes]);
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
};

/** Empty twins and a fresh rebuild checkpoint; returns each twin's deferred index definitions. */
const prepare = async (knex: Knex, target: ProjectionTarget): Promise<Map<string, string[]>> => {
  const deferred = new Map<string, string[]>();
  for (const [key, live] of Object.entries(target.projection.tables)) {
    const twin = target.tables[key] as string;
    deferred.set(twin, await createTwin(knex, live, twin));
  }
  await knex(CHECKPOINTS).where({ name: target.checkpointName }).delete();
  await knex(PARKED).where({ projection: target.checkpointName }).delete();
  await registerCheckpoint(knex, target.checkpointName, target.projection.eventTypes);
  await registerCheckpoint(knex, target.projection.name, target.projection.eventTypes);
  return deferred;
};
