import type { Knex } from 'knex';
import type { Position } from '../../application/eventStore/position';
import { auditIndexTables } from './projection';

/** Where one event of a correlation sits: enough to read it back from its stream. */
export type IndexedEvent = Readonly<{
  eventId: string;
  correlationId: string;
  causationId: string | null;
  position: Position;
  streamName: string;
  revision: bigint;
  type: string;
  recordedAt: Date;
}>;

type IndexRow = {
  event_id: string;
  correlation_id: string;
  causation_id: string | null;
  commit_position: string;
  prepare_position: string;
  stream_name: string;
  stream_revision: string;
  event_type: string;
  recorded_at: Date;
};

const toIndexedEvent = (row: IndexRow): IndexedEvent => ({
  eventId: row.event_id,
  correlationId: row.correlation_id,
  causationId: row.causation_id,
  position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
  streamName: row.stream_name,
  revision: BigInt(row.stream_revision),
  type: row.event_type,
  recordedAt: row.recorded_at,
});

/** The correlation's events in `$all` order, strictly after `after`, at most `limit`. */
export const eventsOfCorrelation = async (
  knex: Knex,
  correlationId: string,
  options: Readonly<{ after?: Position; limit: number }>,
): Promise<IndexedEvent[]> => {
  const query = knex<IndexRow>(auditIndexTables.index)
    .select('*')
    .where({ correlation_id: correlationId })
    .orderBy([{ column: 'commit_position' }, { column: 'prepare_position' }])
    .limit(options.limit);
  if (options.after !== undefined) {
    void query.andWhereRaw('(commit_position, prepare_position) > (?::numeric, ?::numeric)', [
      options.after.commit.toString(),
      options.after.prepare.toString(),
    ]);
  }
  return (await query).map((row) => toIndexedEvent(row));
};
