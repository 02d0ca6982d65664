export { PostgresEventStore, type PostgresEventStoreOptions } from './postgresEventStore';
export type { BeforeCommitHook } from './append';
export type { EventStoreLogger } from './logger';
export { eventStoreMigration } from './migration';
export { oldestOpenTransactionAgeSeconds } from './monitoring';
