import type { Migration } from './shared/migration';
import { analyticsMigration } from './analytics/migration';
import { analyticsProjection } from './analytics/projection';
import { catalogProductsMigration } from './catalogProducts/migration';
import { catalogProductsProjection } from './catalogProducts/projection';
import { ordersMigration } from './orders/migration';
import { ordersProjection } from './orders/projection';
import type { Projection } from './runner/projection';
import { projectionRunnerMigration } from './runner/migration';
import { userProfilesMigration } from './userProfiles/migration';
import { userProfilesProjection } from './userProfiles/projection';
import { walletsMigration } from './wallets/migration';
import { walletsProjection } from './wallets/projection';

/** The read models of this folder; the composition root adds any others (devices, ...) beside them. */
export const readModelProjections = (options: Readonly<{ analyticsSchema: string }>): Projection[] => [
  userProfilesProjection,
  catalogProductsProjection,
  ordersProjection,
  walletsProjection,
  analyticsProjection(options.analyticsSchema),
];

export const readModelMigrations: readonly Migration[] = [
  projectionRunnerMigration,
  userProfilesMigration,
  catalogProductsMigration,
  ordersMigration,
  walletsMigration,
  analyticsMigration,
];

/** The projections each query view reads: a consistency token waits for exactly these. */
export const PROJECTION_NAMES = {
  userProfiles: userProfilesProjection.name,
  catalogProducts: catalogProductsProjection.name,
  orders: ordersProjection.name,
  wallets: walletsProjection.name,
  analytics: 'analytics',
} as const;
