import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { isAfter, type Position } from '../../application/eventStore/position';
import { lockCheckpoint, saveCheckpoint } from './checkpoints';
import { isConnectionError, ProjectionFailedError } from './errors';
import { parkEvent } from './parking';
import type { ProjectionTarget } from './projection';

export type PoisonPolicy = Readonly<{
  /** Tries per event once the batch failed and events are applied one by one. */
  maxAttempts: number;
  /** `park`: dead-letter the event and go on; `stop`: fail the projection. */
  onPoison: 'park' | 'stop';
}>;

/** `position`: the checkpoint after the batch (also when every event was already behind it). */
export type BatchOutcome = Readonly<{ position: Position; applied: number; parked: number }>;

/** One event in a savepoint, retried; undefined when it applied, else its last error. */
const tryOne = async (
  trx: Knex.Transaction,
  target: ProjectionTarget,
  event: RecordedEvent,
  maxAttempts: number,
): Promise<unknown> => {
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    try {
      await trx.transaction((savepoint) => target.projection.apply(savepoint, [event], target.tables));
      return undefined;
    } catch (error) {
      if (isConnectionError(error)) throw error;
      lastError = error;
    }
  }
  return lastError ?? new Error('apply failed');
};

/** Isolates the failing events of a batch that threw: the others apply, the poison ones are parked. */
const applyOneByOne = async (
  trx: Knex.Transaction,
  target: ProjectionTarget,
  events: readonly RecordedEvent[],
  policy: PoisonPolicy,
): Promise<number> => {
  let parked = 0;
  for (const event of events) {
    const error = await tryOne(trx, target, event, policy.maxAttempts);
    if (error === undefined) continue;
    if (policy.onPoison === 'stop') throw new ProjectionFailedError(target.projection.name, event.id, error);
    await parkEvent(trx, target.checkpointName, event, error, policy.maxAttempts);
    parked += 1;
  }
  return parked;
};

/** Writes a batch's fresh events (those after the checkpoint) inside the caller's transaction. */
export type BatchWriter = (trx: Knex.Transaction, fresh: readonly RecordedEvent[]) => Promise<void>;

/** The usual writer: the projection's own apply. */
export const applyWriter =
  (target: ProjectionTarget): BatchWriter =>
  (trx, fresh) =>
    target.projection.apply(trx, fresh, target.tables);

/**
 * `direct` lets an error abort the transaction (the caller retries with `isolating`); `isolating` wraps the
 * batch in a savepoint and, when it fails, applies the events one by one (always by `apply`) to park the
 * poison ones. `through`, when after the last event, is where the checkpoint goes instead: `$all` holds
 * none of the projection's types between the two. `write` defaults to the projection's apply.
 */
export type ApplyOptions = Readonly<{
  mode?: 'direct' | 'isolating';
  through?: Position;
  write?: BatchWriter;
}>;

/**
 * Applies the events after the checkpoint and moves the checkpoint, inside the caller's transaction.
 * Events at or before the checkpoint are skipped, so a re-delivered batch changes nothing.
 */
export const applyInTransaction = async (
  trx: Knex.Transaction,
  target: ProjectionTarget,
  events: readonly RecordedEvent[],
  policy: PoisonPolicy,
  { mode = 'isolating', through, write = applyWriter(target) }: ApplyOptions = {},
): Promise<BatchOutcome | undefined> => {
  const checkpoint = await lockCheckpoint(trx, target.checkpointName);
  const fresh = checkpoint === undefined ? events : events.filter((e) => isAfter(e.position, checkpoint));
  const last = fresh.at(-1);
  if (last === undefined) return checkpoint && { position: checkpoint, applied: 0, parked: 0 };
  let parked = 0;
  if (mode === 'direct') {
    await write(trx, fresh);
  } else {
    try {
      await trx.transaction((savepoint) => write(savepoint, fresh));
    } catch (error) {
      if (isConnectionError(error)) throw error;
      parked = await applyOneByOne(trx, target, fresh, policy);
    }
  }
  const position = through !== undefined && isAfter(through, last.position) ? through : last.position;
  await saveCheckpoint(trx, target.checkpointName, last, fresh.length - parked, position);
  return { position, applied: fresh.length - parked, parked };
};

export type BatchCommit = Readonly<{ through?: Position; write?: BatchWriter }>;

/**
 * A batch and its checkpoint in one transaction: exactly-once effect, restart-safe. The common case costs
 * no savepoint; a batch that fails is rolled back and run again isolating its events. No batch waits for
 * the WAL flush (lockCheckpoint turns synchronous_commit off): a batch lost in a crash is applied again.
 */
export const commitBatch = async (
  knex: Knex,
  target: ProjectionTarget,
  events: readonly RecordedEvent[],
  policy: PoisonPolicy,
  { through, write }: BatchCommit = {},
): Promise<BatchOutcome | undefined> => {
  const run = (trx: Knex.Transaction, mode: 'direct' | 'isolating') =>
    applyInTransaction(trx, target, events, policy, { mode, through, write });
  try {
    return await knex.transaction((trx) => run(trx, 'direct'));
  } catch (error) {
    if (isConnectionError(error)) throw error;
    return knex.transaction((trx) => run(trx, 'isolating'));
  }
};
