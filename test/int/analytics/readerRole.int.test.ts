import {
  analyticsReaderMigration,
  analyticsReaderRole,
} from '../../../src/infrastructure/audit/analyticsReader';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
let reader: string;

/** Runs one statement as the reader role inside a transaction that is always rolled back. */
const asReader = async (sql: string): Promise<unknown[]> => {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local role "${reader}"`);
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.query('rollback');
    client.release();
  }
};

const rerunMigration = (db: TestDatabase) =>
  db.knex.transaction((trx) =>
    analyticsReaderMigration.up(trx, { schema: db.settings.schema, analyticsSchema: db.analyticsSchema }),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  reader = analyticsReaderRole(database.analyticsSchema);
});

afterAll(async () => {
  await database.knex.transaction((trx) =>
    analyticsReaderMigration.down(trx, {
      schema: database.settings.schema,
      analyticsSchema: database.analyticsSchema,
    }),
  );
  await database.drop();
});

describe('the analytics reader role', () => {
  it('exists without a login', async () => {
    const { rows } = await database.pool.query(
      'select rolcanlogin, rolsuper from pg_roles where rolname = $1',
      [reader],
    );
    expect(rows).toEqual([{ rolcanlogin: false, rolsuper: false }]);
  });

  it('reads the analytics tables', async () => {
    const table = `"${database.analyticsSchema}".daily_merchant_sales`;
    await database.pool.query(`insert into ${table} values ('m-1', '2026-01-02', 3, 4500, 0)`);
    expect(await asReader(`select merchant_id, orders from ${table}`)).toEqual([
      { merchant_id: 'm-1', orders: 3 },
    ]);
  });

  it('is refused an INSERT into its own schema', async () => {
    const insert = `insert into "${database.analyticsSchema}".order_funnel_daily (day) values ('2026-01-01')`;
    await expect(asReader(insert)).rejects.toMatchObject({ code: '42501' });
  });

  it('is refused a SELECT outside its schema: the events and the public schema', async () => {
    await expect(asReader(`select * from "${database.settings.schema}".events`)).rejects.toMatchObject({
      code: '42501',
    });
    const probe = `public."${database.settings.schema}_probe"`;
    await database.pool.query(`create table ${probe} (x int)`);
    await expect(asReader(`select * from ${probe}`)).rejects.toMatchObject({ code: '42501' });
    await database.pool.query(`drop table ${probe}`);
    await expect(asReader('create table public.reader_made (x int)')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('reads tables created in the schema later (default privileges)', async () => {
    await database.pool.query(`create table "${database.analyticsSchema}".later_model (x int)`);
    expect(
      await asReader(`select count(*)::int as n from "${database.analyticsSchema}".later_model`),
    ).toEqual([{ n: 0 }]);
  });

  it('survives running the migration again', async () => {
    await rerunMigration(database);
    const { rows } = await database.pool.query('select count(*)::int as n from pg_roles where rolname = $1', [
      reader,
    ]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('drops the reader roles of schemas that are gone, and only those', async () => {
    const gone = await createTestDatabase();
    const goneRole = analyticsReaderRole(gone.analyticsSchema);
    await gone.drop();
    await rerunMigration(database);
    const { rows } = await database.pool.query<{ rolname: string }>(
      'select rolname from pg_roles where rolname = any($1::text[])',
      [[goneRole, reader]],
    );
    expect(rows.map((row) => row.rolname)).toEqual([reader]);
  });
});
