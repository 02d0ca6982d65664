import type { Pool } from 'pg';

/**
 * Age in seconds of the oldest transaction on the server that holds a transaction id (0 when none).
 * Subscribers never read past such a transaction (the xmin gate is cluster-wide), so a long-open one holds
 * back every subscription: alert on this, and set idle_in_transaction_session_timeout. Without the
 * pg_read_all_stats role, other users' sessions are not visible.
 */
export const oldestOpenTransactionAgeSeconds = async (pool: Pool): Promise<number> => {
  const { rows } = await pool.query<{ age: number }>(
    `select coalesce(extract(epoch from clock_timestamp() - min(xact_start)), 0)::float8 as age
     from pg_stat_activity where backend_xid is not null and pid <> pg_backend_pid()`,
  );
  return rows[0]?.age ?? 0;
};
