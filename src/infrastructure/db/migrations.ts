import type { Migration } from '../../projections/shared/migration';
import { eventStoreMigration } from '../eventstore/postgres/migration';

/**
 * Every slice's migration, registered here once. Add a slice's migration to this list; the runner sorts by
 * name.
 */
export const migrations: readonly Migration[] = [
  eventStoreMigration,
];
