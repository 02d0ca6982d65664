import type { Pool, PoolClient } from 'pg';
import { delay } from './errors';

/** A session-level advisory lock held on a connection of its own for as long as a runner runs. */
export type HeldLock = Readonly<{
  /** Aborted when the lock's connection dies: the lock is gone, the holder must stop writing. */
  lost: AbortSignal;
  release: () => Promise<void>;
}>;

// Keyed by schema too: test files (and deployments) share one database with a schema each.
const LOCK_SQL = 'select pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) as locked';
const UNLOCK_SQL = 'select pg_advisory_unlock(hashtext(current_schema()), hashtext($1))';

const holdLock = (client: PoolClient, key: string): HeldLock => {
  const lost = new AbortController();
  const onError = (): void => lost.abort();
  client.on('error', onError);
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    if (lost.signal.aborted) return client.release(true);
    try {
      await client.query(UNLOCK_SQL, [key]);
      client.removeListener('error', onError);
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
    }
  };
  return { lost: lost.signal, release };
};

export const tryAdvisoryLock = async (pool: Pool, key: string): Promise<HeldLock | undefined> => {
  const client = await pool.connect();
  try {
    const result = await client.query<{ locked: boolean }>(LOCK_SQL, [key]);
    if (result.rows[0]?.locked === true) return holdLock(client, key);
    client.release();
    return undefined;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
};

/** Waits for the lock (another instance may hold it); undefined when `signal` ends the wait. */
export const waitForAdvisoryLock = async (
  pool: Pool,
  key: string,
  retryMs: number,
  signal: AbortSignal,
): Promise<HeldLock | undefined> => {
  while (!signal.aborted) {
    const lock = await tryAdvisoryLock(pool, key);
    if (lock !== undefined) return lock;
    await delay(retryMs, signal);
  }
  return undefined;
};
