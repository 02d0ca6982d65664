import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { EventStore } from '../../application/eventStore/eventStore';
import { TOKENS } from '../composition/tokens';
import type { ReadinessCheck } from '../observability/health';

/** Readiness checks shared by the roles: each names the dependency that failed. */
export const postgresReady = (container: Container): ReadinessCheck => ({
  name: 'postgres',
  check: () => container.get<Knex>(TOKENS.knex).raw('select 1'),
});

export const eventStoreReady = (container: Container): ReadinessCheck => ({
  name: 'eventstore',
  check: () => container.get<EventStore>(TOKENS.eventStore).headPosition(),
});
