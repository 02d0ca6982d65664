import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { Projection } from '../../projections/runner/projection';
import { startProjectionRunners } from '../../projections/runner/runners';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { ConfigError } from '../config/env';
import type { Logger } from '../logging/logger';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

const MIN_FREE_CONNECTIONS = 3;

/** Every read model, each behind its own advisory lock (a second projector instance stands by). */
export const startProjector: RoleStarter = (container: Container) => {
  const projections = container.get<Projection[]>(TOKENS.projections);
  const { poolSize } = container.get<Config>(TOKENS.config).database;
  // Each runner holds its advisory lock on a pooled connection for as long as it runs.
  if (poolSize < projections.length + MIN_FREE_CONNECTIONS) {
    throw new ConfigError([
      `DATABASE_POOL_SIZE must be at least ${projections.length + MIN_FREE_CONNECTIONS} for the projector role (got ${poolSize})`,
    ]);
  }
  const runners = startProjectionRunners(
    {
      knex: container.get<Knex>(TOKENS.knex),
      pool: container.get<Pool>(TOKENS.pool),
      store: container.get<EventStore>(TOKENS.eventStore),
      logger: container.get<Logger>(TOKENS.logger).child({ role: 'projector' }),
    },
    projections,
  );
  return Promise.resolve({
    readiness: [postgresReady(container), eventStoreReady(container)],
    stop: runners.stop,
  });
};
