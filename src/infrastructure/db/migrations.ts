import type { Migration } from '../../projections/shared/migration';

/**
 * Every slice's migration, registered here once. Add a slice's migration to this list; the runner sorts by
 * name.
 */
export const migrations: readonly Migration[] = [];
