import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { comparePositions, type Position } from '../../application/eventStore/position';
import { CHECKPOINTS, positionFromRow } from './checkpoints';

// In-process wake-ups: a runner announces every committed checkpoint; other processes are seen by polling.
const checkpoints = new EventEmitter().setMaxListeners(0);

export const announceCheckpoint = (name: string): void => {
  checkpoints.emit('committed', name);
};

const hasReached = async (knex: Knex, names: readonly string[], position: Position): Promise<boolean> => {
  const rows = await knex(CHECKPOINTS)
    .select('name', 'commit_position', 'prepare_position')
    .whereIn('name', [...names]);
  const reached = rows.filter((row) => {
    const at = positionFromRow(row as { commit_position: string | null; prepare_position: string | null });
    return at !== undefined && comparePositions(at, position) >= 0;
  });
  return reached.length === new Set(names).size;
};

type Announcement = Readonly<{ arrived: Promise<void>; cancel: () => void }>;

/** Resolves on a commit of one of the names, or after `timeoutMs` (the poll for other processes). */
const nextAnnouncement = (names: readonly string[], timeoutMs: number): Announcement => {
  let cancel = (): void => undefined;
  const arrived = new Promise<void>((resolve) => {
    const onCommitted = (name: string): void => {
      if (names.includes(name)) cancel();
    };
    const timer = setTimeout(() => cancel(), timeoutMs);
    cancel = () => {
      clearTimeout(timer);
      checkpoints.removeListener('committed', onCommitted);
      resolve();
    };
    checkpoints.on('committed', onCommitted);
  });
  return { arrived, cancel };
};

export type WaitOptions = Readonly<{ pollMs?: number }>;

/**
 * Read-your-writes: resolves once every named projection has reached `position`, or when `timeoutMs` ran
 * out (`caughtUp: false`: the caller answers with what it has, flagged stale).
 */
export const waitForPosition = async (
  knex: Knex,
  projectionNames: readonly string[],
  position: Position,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<{ caughtUp: boolean }> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = Math.max(0, deadline - Date.now());
    // Listen before reading, so a commit between the read and the wait is not missed.
    const announcement = nextAnnouncement(projectionNames, Math.min(options.pollMs ?? 50, remaining));
    const reached = await hasReached(knex, projectionNames, position).catch((error: unknown) => {
      announcement.cancel();
      throw error;
    });
    if (reached || remaining === 0) {
      announcement.cancel();
      return { caughtUp: reached };
    }
    await announcement.arrived;
  }
};
