import { eventStoreMigration } from '../../../src/infrastructure/eventstore/postgres/migration';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * A fresh schema holding only the event store's tables: these tests do not depend on the read models'
 * migrations (the full chain runs in every other integration test).
 */
export const createEventStoreDatabase = async (
  options: Readonly<{ poolSize?: number }> = {},
): Promise<TestDatabase> => {
  const database = await createTestDatabase({ ...options, migrate: false });
  await eventStoreMigration.up(database.knex, {
    schema: database.settings.schema,
    analyticsSchema: database.analyticsSchema,
  });
  return database;
};
