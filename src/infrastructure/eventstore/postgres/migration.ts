import type { Migration } from '../../../projections/shared/migration';

/**
 * The Postgres event store (DESIGN §4). Subscribers read `$all` ordered by (transaction_id, global_position)
 * behind the xmin gate, so the transaction id is stored with every event and indexed with the sequence.
 */
export const eventStoreMigration: Migration = {
  name: '0001_eventstore',
  up: async (knex, { schema }) => {
    await knex.raw(
      `create table ??.events (
        global_position bigint generated always as identity primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        stream_name text not null,
        stream_revision bigint not null,
        event_id uuid not null unique,
        event_type text not null,
        data jsonb not null,
        metadata jsonb not null default '{}',
        recorded_at timestamptz not null default now(),
        unique (stream_name, stream_revision)
      )`,
      [schema],
    );
    await knex.raw('create index events_by_transaction on ??.events (transaction_id, global_position)', [
      schema,
    ]);
    // Type-filtered subscriptions read one type in $all order without scanning the others.
    await knex.raw('create index events_by_type on ??.events (event_type, transaction_id, global_position)', [
      schema,
    ]);
    await knex.raw('create table ??.streams (stream_name text primary key, revision bigint not null)', [
      schema,
    ]);
  },
  down: async (knex, { schema }) => {
    await knex.raw('drop table if exists ??.events', [schema]);
    await knex.raw('drop table if exists ??.streams', [schema]);
  },
};
