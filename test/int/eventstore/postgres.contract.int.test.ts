import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createEventStoreDatabase } from './eventStoreDatabase';
import { describeEventStoreContract } from './eventStoreContract';

describeEventStoreContract('Postgres', async () => {
  const database = await createEventStoreDatabase();
  const store = new PostgresEventStore(database.pool);
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});
