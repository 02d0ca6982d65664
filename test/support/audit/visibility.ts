import type { Pool } from 'pg';
import type { EventStore } from '../../../src/application/eventStore/eventStore';
import { comparePositions, type Position } from '../../../src/application/eventStore/position';

/** The last committed event's position, read without the store's xmin gate. */
export const lastCommittedPosition = async (pool: Pool): Promise<Position | undefined> => {
  const { rows } = await pool.query<{ commit: string; prepare: string }>(
    'select transaction_id::text as commit, global_position as prepare from events order by transaction_id desc, global_position desc limit 1',
  );
  const last = rows[0];
  return last === undefined ? undefined : { commit: BigInt(last.commit), prepare: BigInt(last.prepare) };
};

/**
 * Waits until `$all` readers see every committed event: any open transaction in the cluster (another test
 * file's, say) holds the store's xmin gate back for a while, by design.
 */
export const untilAllVisible = async (store: EventStore, pool: Pool, timeoutMs = 30_000): Promise<void> => {
  const target = await lastCommittedPosition(pool);
  const deadline = Date.now() + timeoutMs;
  while (target !== undefined) {
    const head = await store.headPosition();
    if (head !== undefined && comparePositions(head, target) >= 0) return;
    if (Date.now() > deadline) throw new Error('committed events stayed behind the xmin gate');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
