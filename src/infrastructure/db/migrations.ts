import type { Migration } from '../../projections/shared/migration';
import { eventStoreMigration } from '../eventstore/postgres/migration';
import { authMigration } from '../auth/migration';
import { subscriptionCheckpointsMigration } from '../subscriptions/checkpointStore';
import { idempotencyMigration } from '../http/idempotency/migration';
import { devicesMigration } from '../../projections/devices/migration';
import { notificationsMigration } from '../../projections/notifications/migration';
import { readModelMigrations } from '../../projections/all';
import { auditIndexMigration } from '../../projections/auditIndex/migration';
import { analyticsReaderMigration } from '../audit/analyticsReader';

/**
 * Every slice's migration, registered here once. Add a slice's migration to this list; the runner sorts by
 * name.
 */
export const migrations: readonly Migration[] = [
  eventStoreMigration,
  authMigration,
  idempotencyMigration,
  subscriptionCheckpointsMigration,
  devicesMigration,
  notificationsMigration,
  ...readModelMigrations,
  auditIndexMigration,
  analyticsReaderMigration,
];
