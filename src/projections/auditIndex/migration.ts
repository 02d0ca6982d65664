import type { Migration } from '../shared/migration';

/** Every event under its correlation id, in `$all` order: what one request caused, across streams. */
export const auditIndexMigration: Migration = {
  name: '0400_audit_correlation_index',
  up: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).createTable('audit_correlation_index', (table) => {
      table.uuid('event_id').primary(); // indexing an event twice changes nothing
      table.text('correlation_id').notNullable();
      table.text('causation_id');
      table.decimal('commit_position', 20, 0).notNullable();
      table.decimal('prepare_position', 20, 0).notNullable();
      table.text('stream_name').notNullable();
      table.bigInteger('stream_revision').notNullable();
      table.text('event_type').notNullable();
      table.timestamp('recorded_at', { useTz: true }).notNullable();
    });
    await knex.raw(
      'create index audit_correlation_index_by_correlation on ?? (correlation_id, commit_position, prepare_position)',
      [`${schema}.audit_correlation_index`],
    );
  },
  down: async (knex, { schema }) => {
    await knex.schema.withSchema(schema).dropTableIfExists('audit_correlation_index');
  },
};
