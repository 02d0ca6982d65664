import type { RecordedEvent } from '../eventStore/eventStore';
import { positionToToken } from '../eventStore/position';
import { fastEventHash } from './fastHash';
import { GENESIS_HASH } from './hashChain';

export type BrokenLinkReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_hash' | 'missing_events';

/** The first event whose chain does not hold, with the hash it should carry and the one it carries. */
export type BrokenLink = Readonly<{
  streamName: string;
  revision: string;
  eventId: string | null;
  position: string | null;
  reason: BrokenLinkReason;
  expected: string;
  found: string | null;
}>;

type StreamCursor = { nextRevision: bigint; lastHash: string };

const brokenAt = (
  event: RecordedEvent,
  reason: BrokenLinkReason,
  expected: string,
  found: unknown,
): BrokenLink => ({
  streamName: event.streamName,
  revision: event.revision.toString(),
  eventId: event.id,
  position: positionToToken(event.position),
  reason,
  expected,
  found: typeof found === 'string' ? found : null,
});

/** The event came where an earlier revision of its stream was due: events were removed. */
export const missingBefore = (event: RecordedEvent, dueRevision: bigint): BrokenLink =>
  brokenAt(event, 'missing_events', `revision ${dueRevision}`, `revision ${event.revision}`);

/** Checks one event against the hash its stream reached so far; undefined when the link holds. */
export const checkLink = (event: RecordedEvent, prevHash: string): BrokenLink | undefined => {
  const { hash, prevHash: storedPrevHash } = event.metadata;
  if (typeof hash !== 'string') return brokenAt(event, 'missing_hash', '<a sha256 hex digest>', hash);
  if (storedPrevHash !== prevHash) return brokenAt(event, 'prev_hash_mismatch', prevHash, storedPrevHash);
  const expected = fastEventHash(prevHash, event);
  return expected === hash ? undefined : brokenAt(event, 'hash_mismatch', expected, hash);
};

/**
 * Follows every stream's chain through events handed over in `$all` order, keeping only the last hash of
 * each stream. `$all` may in rare races list a stream's revisions out of order (the Postgres store orders
 * by transaction id), so an early event waits until the ones before it have been seen.
 */
export const createChainVerifier = () => {
  const streams = new Map<string, StreamCursor>();
  const waiting = new Map<string, Map<bigint, RecordedEvent>>();

  const advance = (cursor: StreamCursor, event: RecordedEvent): BrokenLink | undefined => {
    const broken = checkLink(event, cursor.lastHash);
    if (broken !== undefined) return broken;
    cursor.lastHash = event.metadata.hash as string;
    cursor.nextRevision += 1n;
    return undefined;
  };

  const drainWaiting = (cursor: StreamCursor, streamName: string): BrokenLink | undefined => {
    const parked = waiting.get(streamName);
    for (let next = parked?.get(cursor.nextRevision); next !== undefined;) {
      parked?.delete(next.revision);
      const broken = advance(cursor, next);
      if (broken !== undefined) return broken;
      next = parked?.get(cursor.nextRevision);
    }
    if (parked?.size === 0) waiting.delete(streamName);
    return undefined;
  };

  /** Feeds one event; returns the first broken link met, if any. */
  const check = (event: RecordedEvent): BrokenLink | undefined => {
    let cursor = streams.get(event.streamName);
    if (cursor === undefined) {
      cursor = { nextRevision: 0n, lastHash: GENESIS_HASH };
      streams.set(event.streamName, cursor);
    }
    if (event.revision !== cursor.nextRevision) {
      const parked = waiting.get(event.streamName) ?? new Map<bigint, RecordedEvent>();
      waiting.set(event.streamName, parked.set(event.revision, event));
      return undefined;
    }
    return advance(cursor, event) ?? (waiting.size > 0 ? drainWaiting(cursor, event.streamName) : undefined);
  };

  /** Once every event was fed: a stream whose early revisions never came has lost events. */
  const finish = (): BrokenLink | undefined => {
    for (const [streamName, parked] of waiting) {
      const cursor = streams.get(streamName);
      const first = [...parked.values()].sort((a, b) => (a.revision < b.revision ? -1 : 1))[0];
      if (cursor === undefined || first === undefined) continue;
      return missingBefore(first, cursor.nextRevision);
    }
    return undefined;
  };

  return { check, finish, streamCount: () => streams.size };
};

export type ChainVerifier = ReturnType<typeof createChainVerifier>;
