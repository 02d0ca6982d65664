import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { Projection } from '../../projections/runner/projection';
import { startProjectionRunners } from '../../projections/runner/runners';
import { TOKENS } from '../composition/tokens';
import type { Logger } from '../logging/logger';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

/** Every read model, each behind its own advisory lock (a second projector instance stands by). */
export const startProjector: RoleStarter = (container: Container) => {
  const runners = startProjectionRunners(
    {
      knex: container.get<Knex>(TOKENS.knex),
      pool: container.get<Pool>(TOKENS.pool),
      store: container.get<EventStore>(TOKENS.eventStore),
      logger: container.get<Logger>(TOKENS.logger).child({ role: 'projector' }),
    },
    container.get<Projection[]>(TOKENS.projections),
  );
  return Promise.resolve({
    readiness: [postgresReady(container), eventStoreReady(container)],
    stop: runners.stop,
  });
};
