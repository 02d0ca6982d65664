import { Client } from 'pg';

/**
 * Creates the configured database when it does not exist yet, so `npm start` works on a fresh machine.
 * Used outside production only: there the database is provisioned by the operator.
 */
export const ensureDatabase = async (databaseUrl: string): Promise<void> => {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (name === '' || name === 'postgres') return;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`create database "${name.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently by another role
        });
    }
  } finally {
    await client.end();
  }
};
