import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { comparePositions, isAfter, type Position } from '../../application/eventStore/position';
import { CHECKPOINTS, positionFromRow } from './checkpoints';

// In-process wake-ups: a runner announces every committed checkpoint; other processes are seen by polling.
const checkpoints = new EventEmitter().setMaxListeners(0);

// Checkpoints committed in this process, per database handle: they only ever move forward, so one known
// here to be at or past a position answers a wait without asking the database.
const committedHere = new WeakMap<Knex, Map<string, Position>>();

/** `position`: the checkpoint just committed (a wait may end on it without a query). */
export const announceCheckpoint = (knex: Knex, name: string, position: Position): void => {
  const known = committedHere.get(knex) ?? committedHere.set(knex, new Map()).get(knex)!;
  const before = known.get(name);
  if (before === undefined || isAfter(position, before)) known.set(name, position);
  checkpoints.emit('committed', name);
};

const reachedHere = (knex: Knex, names: readonly string[], position: Position): boolean => {
  const known = committedHere.get(knex);
  return names.every((name) => {
    const at = known?.get(name);
    return at !== undefined && comparePositions(at, position) >= 0;
  });
};

/** Every name is run in this process: its announcements tell all there is to know. */
const allRunHere = (knex: Knex, names: readonly string[]): boolean => {
  const known = committedHere.get(knex);
  return names.every((name) => known?.has(name) === true);
};

const reachedInDatabase = async (
  knex: Knex,
  names: readonly string[],
  position: Position,
): Promise<boolean> => {
  const { rows } = await knex.raw<{ rows: CheckpointRow[] }>(
    'select name, commit_position, prepare_position from ?? where name = any(?)',
    [CHECKPOINTS, [...names]],
  );
  const reached = rows.filter((row) => {
    const at = positionFromRow(row);
    return at !== undefined && comparePositions(at, position) >= 0;
  });
  return reached.length === new Set(names).size;
};

type CheckpointRow = { name: string; commit_position: string | null; prepare_position: string | null };

type Announcement = Readonly<{ arrived: Promise<boolean>; cancel: () => void }>;

/**
 * Resolves on a commit of one of the names (true), or after `timeoutMs` (false: the poll for other
 * processes).
 */
const nextAnnouncement = (names: readonly string[], timeoutMs: number): Announcement => {
  let settle = (_announced: boolean): void => undefined;
  const arrived = new Promise<boolean>((resolve) => {
    const onCommitted = (name: string): void => {
      if (names.includes(name)) settle(true);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    settle = (announced) => {
      clearTimeout(timer);
      checkpoints.removeListener('committed', onCommitted);
      resolve(announced);
    };
    checkpoints.on('committed', onCommitted);
  });
  return { arrived, cancel: () => settle(false) };
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
  if (reachedHere(knex, projectionNames, position)) return { caughtUp: true };
  const deadline = Date.now() + timeoutMs;
  for (let askDatabase = true; ;) {
    const remaining = Math.max(0, deadline - Date.now());
    // Listen before reading, so a commit between the read and the wait is not missed.
    const announcement = nextAnnouncement(projectionNames, Math.min(options.pollMs ?? 50, remaining));
    const reached =
      reachedHere(knex, projectionNames, position) ||
      (askDatabase &&
        (await reachedInDatabase(knex, projectionNames, position).catch((error: unknown) => {
          announcement.cancel();
          throw error;
        })));
    if (reached || remaining === 0) {
      announcement.cancel();
      return { caughtUp: reached };
    }
    // Announcements of runners in this process need no query; a poll (other processes) does.
    askDatabase = !(await announcement.arrived) || !allRunHere(knex, projectionNames);
  }
};
