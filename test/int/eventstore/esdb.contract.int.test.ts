import { EsdbEventStore } from '../../../src/infrastructure/eventstore/esdb/esdbEventStore';
import { describeEventStoreContract } from './eventStoreContract';

/**
 * The contract against a live EventStoreDB. jest.config.js only collects this file when
 * EVENTSTORE_CONNECTION_STRING is set (docs/deployment.md: `docker-compose up -d eventstore`). The suite uses
 * stream names and event types unique to each run, so the server may hold other runs' events.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString === undefined || connectionString === '') {
  throw new TypeError('EVENTSTORE_CONNECTION_STRING must be set to run the EventStoreDB contract suite.');
}

describeEventStoreContract('EventStoreDB', () => {
  const store = EsdbEventStore.fromConnectionString(connectionString);
  return Promise.resolve({ store, teardown: () => store.close() });
});
