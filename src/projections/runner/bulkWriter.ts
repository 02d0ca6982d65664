import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { applyWriter, type BatchWriter } from './applyBatch';
import { describeError } from './errors';
import type { BulkLoad, BulkWrite, ProjectionTarget } from './projection';

/** Builds the rows now; a builder that throws on a malformed event fails the batch's write instead. */
const prepareOrFail = (bulk: BulkLoad, events: readonly RecordedEvent[]): BulkWrite => {
  try {
    return bulk.prepare(events);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(describeError(error));
    return () => Promise.reject(failure);
  }
};

/**
 * A rebuild batch's writer, its rows built before the transaction opens. The checkpoint may still skip
 * events (a batch read twice): the rows are then built again from what is left. A failed batch is retried
 * event by event through `apply` (applyInTransaction), which bulk-loaded twins accept as live tables do.
 * Projections without a bulk load write by `apply`.
 */
export const rebuildWriter = (target: ProjectionTarget, events: readonly RecordedEvent[]): BatchWriter => {
  const bulk = target.projection.bulk;
  if (bulk === undefined) return applyWriter(target);
  const prepared = prepareOrFail(bulk, events);
  return (trx, fresh) => {
    const write = fresh.length === events.length ? prepared : prepareOrFail(bulk, fresh);
    return write(trx, target.tables);
  };
};

/** After the bulk batches: the derived tables their writes left out, computed once from what they loaded. */
export const finishBulk = async (knex: Knex, target: ProjectionTarget): Promise<void> => {
  const finish = target.projection.bulk?.finish;
  if (finish !== undefined) await knex.transaction((trx) => finish(trx, target.tables));
};
