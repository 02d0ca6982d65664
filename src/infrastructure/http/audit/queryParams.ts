import type { EventRange } from '../../../application/audit/eventRange';
import type { AsOf } from '../../../application/audit/stateAsOf';
import { tokenToPosition } from '../../../application/eventStore/position';
import { ValidationError } from '../../../domain/shared/errors';
import type { EventRangeQuery, StateAsOfQuery } from './dtos';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1_000;

/** A page size within [1, MAX_PAGE]. */
export const pageSizeOf = (limit: string | undefined): number =>
  Math.min(limit === undefined ? DEFAULT_PAGE : Number(limit), MAX_PAGE);

export const rangeOf = (query: EventRangeQuery): EventRange => ({
  after: query.after === undefined ? undefined : tokenToPosition(query.after),
  upTo: query.upTo === undefined ? undefined : tokenToPosition(query.upTo),
  types: query.types?.split(','),
  since: query.since === undefined ? undefined : new Date(query.since),
  until: query.until === undefined ? undefined : new Date(query.until),
});

/** Either a revision or an instant; neither means the latest state. */
export const asOfOf = (query: StateAsOfQuery): AsOf => {
  if (query.revision !== undefined && query.at !== undefined) {
    throw new ValidationError('AUDIT.AS_OF_AMBIGUOUS', 'Give either a revision or an instant, not both.', [
      { field: 'at', message: 'must not be given with revision' },
    ]);
  }
  if (query.at !== undefined) return { at: new Date(query.at) };
  return { revision: query.revision === undefined ? 2n ** 62n : BigInt(query.revision) };
};
