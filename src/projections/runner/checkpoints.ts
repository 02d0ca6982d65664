import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import type { Position } from '../../application/eventStore/position';

export const CHECKPOINTS = 'projection_checkpoints';

export type ProjectionState = 'running' | 'catching_up' | 'live' | 'failed' | 'stopped';

type PositionColumns = { commit_position: string | null; prepare_position: string | null };

export const positionFromRow = (row: PositionColumns | undefined): Position | undefined =>
  row?.commit_position == null || row.prepare_position == null
    ? undefined
    : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };

export const positionColumns = (position: Position) => ({
  commit_position: position.commit.toString(),
  prepare_position: position.prepare.toString(),
});

/** Creates the row on first use; records the event types so status can measure lag without the code. */
export const registerCheckpoint = async (
  knex: Knex,
  name: string,
  eventTypes: readonly string[],
): Promise<void> => {
  await knex(CHECKPOINTS)
    .insert({ name, event_types: eventTypes })
    .onConflict('name')
    .merge({ event_types: eventTypes });
};

export const readCheckpoint = async (knex: Knex, name: string): Promise<Position | undefined> =>
  positionFromRow(
    await knex<PositionColumns & { name: string }>(CHECKPOINTS)
      .first('commit_position', 'prepare_position')
      .where({ name }),
  );

// Plain SQL on the per-batch path: knex's builder costs more CPU than the round trip.
const LOCK = `
  select commit_position, prepare_position, set_config('synchronous_commit', 'off', true)
    from ?? where name = ? for update`;

const SAVE = `
  update ?? set commit_position = ?, prepare_position = ?, last_event_recorded_at = ?,
                events_applied = events_applied + ?, updated_at = now()
   where name = ?`;

/**
 * Locks the projection's row for the rest of the transaction. Taken before any read-model write, it orders
 * batches, idle advances and a rebuild's swap, which all lock it first (so they cannot deadlock).
 */
export const lockCheckpoint = async (trx: Knex.Transaction, name: string): Promise<Position | undefined> => {
  // Rows and checkpoint commit together, so a commit lost in a server crash is simply applied again: no
  // need to wait for the WAL flush (set here to save a round trip).
  const select = async () => (await trx.raw<{ rows: PositionColumns[] }>(LOCK, [CHECKPOINTS, name])).rows[0];
  const row = await select();
  if (row !== undefined) return positionFromRow(row);
  await trx(CHECKPOINTS).insert({ name }).onConflict('name').ignore();
  return positionFromRow(await select());
};

export const saveCheckpoint = async (
  trx: Knex.Transaction,
  name: string,
  last: RecordedEvent,
  appliedCount: number,
  position: Position = last.position,
): Promise<void> => {
  const { commit_position, prepare_position } = positionColumns(position);
  await trx.raw(SAVE, [CHECKPOINTS, commit_position, prepare_position, last.recordedAt, appliedCount, name]);
};

export const recordState = async (
  knex: Knex,
  name: string,
  state: ProjectionState,
  lastError?: string,
): Promise<void> => {
  const error = lastError === undefined ? {} : { last_error: lastError };
  await knex(CHECKPOINTS)
    .where({ name })
    .update({ state, ...error, updated_at: knex.fn.now() });
};
