import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { NotFoundError } from '../../domain/shared/errors';
import { positionColumns } from './checkpoints';
import { describeError } from './errors';
import type { Projection } from './projection';

export const PARKED = 'projection_parked_events';

export const parkEvent = async (
  trx: Knex.Transaction,
  projection: string,
  event: RecordedEvent,
  error: unknown,
  attempts: number,
): Promise<void> => {
  await trx(PARKED)
    .insert({
      projection,
      ...positionColumns(event.position),
      event_id: event.id,
      event_type: event.type,
      stream_name: event.streamName,
      stream_revision: event.revision.toString(),
      recorded_at: event.recordedAt,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
      error: describeError(error),
      attempts,
    })
    .onConflict(['projection', 'event_id'])
    .merge(['error', 'attempts', 'parked_at']);
};

type ParkedRow = {
  id: string;
  projection: string;
  commit_position: string;
  prepare_position: string;
  event_id: string;
  event_type: string;
  stream_name: string;
  stream_revision: string;
  recorded_at: Date;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  error: string;
  attempts: number;
  parked_at: Date;
};

export type ParkedEvent = Readonly<{
  id: string;
  projection: string;
  error: string;
  attempts: number;
  parkedAt: Date;
  event: RecordedEvent;
}>;

const toParkedEvent = (row: ParkedRow): ParkedEvent => ({
  id: row.id,
  projection: row.projection,
  error: row.error,
  attempts: row.attempts,
  parkedAt: row.parked_at,
  event: {
    id: row.event_id,
    type: row.event_type,
    streamName: row.stream_name,
    revision: BigInt(row.stream_revision),
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
    recordedAt: row.recorded_at,
    data: row.data,
    metadata: row.metadata,
  },
});

/** Parked events, oldest position first; all projections unless one is named. */
export const listParkedEvents = async (
  knex: Knex,
  options: Readonly<{ projection?: string; limit?: number }> = {},
): Promise<ParkedEvent[]> => {
  const query = knex<ParkedRow>(PARKED)
    .select('*')
    .orderBy([{ column: 'commit_position' }, { column: 'prepare_position' }, { column: 'id' }])
    .limit(options.limit ?? 100);
  if (options.projection !== undefined) void query.where({ projection: options.projection });
  return (await query).map(toParkedEvent);
};

export type ReplayOutcome = Readonly<{ id: string; replayed: boolean; error?: string }>;

/**
 * Applies a parked event again to the live tables; on success its park row goes, on failure the row keeps
 * the new error. The read models' position guards keep an old event from undoing newer state.
 */
export const replayParkedEvent = async (
  knex: Knex,
  projections: readonly Projection[],
  id: string,
): Promise<ReplayOutcome> => {
  const row = await knex<ParkedRow>(PARKED).first('*').where({ id });
  if (row === undefined)
    throw new NotFoundError('PROJECTION.PARKED_EVENT_NOT_FOUND', `No parked event ${id}.`);
  const projection = projections.find((candidate) => candidate.name === row.projection);
  if (projection === undefined) {
    throw new NotFoundError('PROJECTION.NOT_FOUND', `No projection named ${row.projection}.`);
  }
  const parked = toParkedEvent(row);
  try {
    await knex.transaction(async (trx) => {
      await projection.apply(trx, [parked.event], projection.tables);
      await trx(PARKED).where({ id }).delete();
    });
    return { id, replayed: true };
  } catch (error) {
    const message = describeError(error);
    await knex(PARKED)
      .where({ id })
      .update({ error: message, attempts: row.attempts + 1 });
    return { id, replayed: false, error: message };
  }
};

export const replayParkedEvents = async (
  knex: Knex,
  projections: readonly Projection[],
  options: Readonly<{ projection?: string; limit?: number }> = {},
): Promise<ReplayOutcome[]> => {
  const outcomes: ReplayOutcome[] = [];
  for (const parked of await listParkedEvents(knex, options)) {
    outcomes.push(await replayParkedEvent(knex, projections, parked.id));
  }
  return outcomes;
};
