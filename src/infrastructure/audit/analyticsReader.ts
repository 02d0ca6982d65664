import type { Knex } from 'knex';
import type { Migration } from '../../projections/shared/migration';

/** The read-only role of an analytics schema: `<analyticsSchema>_reader`. */
export const analyticsReaderRole = (analyticsSchema: string): string => {
  const role = `${analyticsSchema}_reader`;
  if (role.length > 63) throw new RangeError(`The role name ${role} is longer than 63 bytes.`);
  return role;
};

/**
 * Runs a PL/pgSQL block whose inputs are bound as transaction-local settings (`orderly.<name>`): role
 * statements take no parameters, and the block quotes them itself with format's %I and %L.
 */
const runBlock = async (
  trx: Knex,
  inputs: Readonly<Record<string, string>>,
  block: string,
): Promise<void> => {
  for (const [name, value] of Object.entries(inputs)) {
    await trx.raw('select set_config(?, ?, true)', [`orderly.${name}`, value]);
  }
  await trx.raw(`do $block$ ${block} $block$`);
};

/**
 * Test schemas come and go while their roles would stay behind (roles are cluster-wide): a reader role of
 * this database whose schema no longer exists is dropped. Another process may be dropping it too: let go.
 */
const DROP_ORPHANED_READERS = `
  declare reader record;
  begin
    for reader in
      select rolname, substring(shobj_description(oid, 'pg_authid') from 'schema=(.+)$') as schema_name
        from pg_roles
       where shobj_description(oid, 'pg_authid') like 'orderly analytics reader; database=' || current_database() || ';%'
    loop
      continue when exists (select 1 from pg_namespace where nspname = reader.schema_name);
      begin
        execute format('drop owned by %I', reader.rolname);
        execute format('drop role %I', reader.rolname);
      exception when others then null;
      end;
    end loop;
  end`;

// Concurrent creations of one name collide on pg_authid's unique index rather than as duplicate_object.
const CREATE_READER = `
  declare
    role text := current_setting('orderly.role');
    schema text := current_setting('orderly.schema');
  begin
    begin
      execute format('create role %I nologin nosuperuser nocreatedb nocreaterole noreplication', role);
    exception when duplicate_object or unique_violation then null;
    end;
    execute format('comment on role %I is %L', role,
      'orderly analytics reader; database=' || current_database() || '; schema=' || schema);
    -- only where PUBLIC lost CONNECT: granting rewrites pg_database, which concurrent migrations would race on
    if not has_database_privilege(role, current_database(), 'CONNECT') then
      execute format('grant connect on database %I to %I', current_database(), role);
    end if;
    execute format('grant usage on schema %I to %I', schema, role);
    execute format('grant select on all tables in schema %I to %I', schema, role);
    -- tables the migrator creates later (new read models, rebuilt twins swapped in) are readable too
    execute format('alter default privileges in schema %I grant select on tables to %I', schema, role);
    execute format('alter role %I set default_transaction_read_only = on', role);
    execute format('alter role %I set search_path = %I', role, schema);
    execute format('alter role %I set statement_timeout = %L', role, '60s');
  end`;

const DROP_READER = `
  declare role text := current_setting('orderly.role');
  begin
    execute format('drop owned by %I', role);
    execute format('drop role %I', role);
  exception when undefined_object then null;
  end`;

/**
 * The analysts' read-only Postgres role: SELECT on the analytics schema and nothing else, NOLOGIN. A DBA
 * grants it to analysts' own login roles, or `enableAnalyticsReaderLogin` gives it a password.
 */
export const analyticsReaderMigration: Migration = {
  name: '0410_analytics_reader_role',
  up: async (knex, { analyticsSchema }) => {
    const role = analyticsReaderRole(analyticsSchema);
    await runBlock(knex, {}, DROP_ORPHANED_READERS);
    await runBlock(knex, { role, schema: analyticsSchema }, CREATE_READER);
  },
  down: async (knex, { analyticsSchema }) => {
    await runBlock(knex, { role: analyticsReaderRole(analyticsSchema) }, DROP_READER);
  },
};

const ENABLE_LOGIN = `
  begin
    execute format('alter role %I with login password %L', current_setting('orderly.role'),
      current_setting('orderly.password'));
  end`;

/**
 * Lets the reader log in with a password (the server stores its scram hash; Orderly keeps nothing). For an
 * operator command: the password comes from the operator, never from a migration.
 */
export const enableAnalyticsReaderLogin = async (
  knex: Knex,
  analyticsSchema: string,
  password: string,
): Promise<void> => {
  if (password.length < 16)
    throw new RangeError('The analytics reader password must be at least 16 characters.');
  const role = analyticsReaderRole(analyticsSchema);
  await knex.transaction((trx) => runBlock(trx, { role, password }, ENABLE_LOGIN));
};
