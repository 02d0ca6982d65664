import { randomBytes } from 'node:crypto';
import { runCli } from '../../../src/infrastructure/cli/program';
import { createTestDatabase, type TestDatabase } from '../../support/database';

describe('the operator CLI against a real database', () => {
  let database: TestDatabase;
  const output: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    process.env.DATABASE_URL = database.settings.url;
    process.env.DATABASE_SCHEMA = database.settings.schema;
    process.env.ANALYTICS_SCHEMA = database.analyticsSchema;
    process.env.PASSWORD_HASH_COST = '10';
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    write.mockRestore();
    await database.drop();
  });

  it('migrates, then reports the schema up to date', async () => {
    expect(await runCli(['migrate'])).toBe(0);
    const tables = await database
      .knex('pg_tables')
      .where({ schemaname: database.settings.schema })
      .pluck('tablename');
    expect(tables).toEqual(
      expect.arrayContaining(['events', 'streams', 'refresh_tokens', 'idempotency_keys']),
    );
    output.length = 0;
    expect(await runCli(['migrate'])).toBe(0);
    expect(output.join('')).toContain('up to date');
  });

  it('creates the first admin once', async () => {
    const email = `admin-${randomBytes(4).toString('hex')}@example.com`;
    expect(await runCli(['create-admin', '--email', email, '--password', 'a strong admin password'])).toBe(0);
    expect(await runCli(['create-admin', '--email', email, '--password', 'a strong admin password'])).toBe(3);
    const { rows } = await database.pool.query<{ data: { role: string } }>(
      "select data from events where event_type = 'UserRegistered'",
    );
    expect(rows.map((row) => row.data.role)).toEqual(['admin']);
  });

  it('rebuilds every projection, reports their status and verifies the audit chain', async () => {
    output.length = 0;
    expect(await runCli(['projections', 'rebuild', 'all'])).toBe(0);
    expect(output.join('')).toMatch(/userProfiles?: 1 events .* swapped in/i);
    const profiles = await database.knex('user_profiles').select('*');
    expect(profiles).toHaveLength(1);
    output.length = 0;
    expect(await runCli(['projections', 'status'])).toBe(0);
    expect(output.join('')).toContain('orders');
    output.length = 0;
    expect(await runCli(['verify-audit'])).toBe(0);
    expect(output.join('')).toContain('Hash chains intact: 2 events in 2 streams');
    output.length = 0;
    expect(await runCli(['verify-audit', '--connections', '2'])).toBe(0);
    expect(output.join('')).toContain('Hash chains intact: 2 events in 2 streams');
    expect(await runCli(['verify-audit', '--connections', '0'])).toBe(2);
    expect(await runCli(['projections', 'replay-dead-letters'])).toBe(3);
  });

  it('lets the analytics reader log in with the password from the environment', async () => {
    const role = `${database.analyticsSchema}_reader`;
    const canLogin = async () =>
      (
        await database.pool.query<{ rolcanlogin: boolean; has_password: boolean }>(
          'select rolcanlogin, rolpassword is not null as has_password from pg_authid where rolname = $1',
          [role],
        )
      ).rows[0];
    expect(await canLogin()).toEqual({ rolcanlogin: false, has_password: false });
    delete process.env.ANALYTICS_READER_PASSWORD;
    expect(await runCli(['analytics-reader-login'])).toBe(2);
    process.env.ANALYTICS_READER_PASSWORD = 'sixteen chars ok';
    output.length = 0;
    try {
      expect(await runCli(['analytics-reader-login'])).toBe(0);
    } finally {
      delete process.env.ANALYTICS_READER_PASSWORD;
    }
    expect(output.join('')).toContain(`${role} can now log in`);
    expect(await canLogin()).toEqual({ rolcanlogin: true, has_password: true });
  });

  it('refuses bad usage with exit code 2', async () => {
    expect(await runCli(['create-admin', '--email', 'x@example.com', '--password', 'short'])).toBe(2);
  });
});
