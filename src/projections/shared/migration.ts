import type { Knex } from 'knex';

/** One schema change, owned by the slice it serves (event store, a read model, ...). */
export type Migration = Readonly<{
  /** Sortable and unique: `<4 digits>_<slice>_<what>`. */
  name: string;
  up: (knex: Knex, context: MigrationContext) => Promise<void>;
  down: (knex: Knex, context: MigrationContext) => Promise<void>;
}>;

export type MigrationContext = Readonly<{ schema: string; analyticsSchema: string }>;
