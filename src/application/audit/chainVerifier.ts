import { hash as digest } from 'node:crypto';
import type { RecordedEvent } from '../eventStore/eventStore';
import { type Position, positionToToken } from '../eventStore/position';
import { GENESIS_HASH, hashedPayload } from './hashChain';

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

/** What verification needs of one event: where it sits, the hashes it carries and what its hash covers. */
export type ChainEntry = Readonly<{
  streamName: string;
  revision: bigint;
  eventId: string;
  position: Position;
  hash: unknown;
  prevHash: unknown;
  /** hashChain.ts's hashedPayload: the hash covers prevHash, then this. */
  payload: string;
}>;

export const entryOfEvent = (event: RecordedEvent): ChainEntry => ({
  streamName: event.streamName,
  revision: event.revision,
  eventId: event.id,
  position: event.position,
  hash: event.metadata.hash,
  prevHash: event.metadata.prevHash,
  payload: hashedPayload(event),
});

type StreamCursor = { nextRevision: bigint; lastHash: string };

const brokenAt = (
  event: ChainEntry,
  reason: BrokenLinkReason,
  expected: string,
  found: unknown,
): BrokenLink => ({
  streamName: event.streamName,
  revision: event.revision.toString(),
  eventId: event.eventId,
  position: positionToToken(event.position),
  reason,
  expected,
  found: typeof found === 'string' ? found : null,
});

/** The event came where an earlier revision of its stream was due: events were removed. */
export const missingBefore = (event: ChainEntry, dueRevision: bigint): BrokenLink =>
  brokenAt(event, 'missing_events', `revision ${dueRevision}`, `revision ${event.revision}`);

/** Checks one event against the hash its stream reached so far; undefined when the link holds. */
export const checkLink = (event: ChainEntry, prevHash: string): BrokenLink | undefined => {
  const { hash } = event;
  if (typeof hash !== 'string') return brokenAt(event, 'missing_hash', '<a sha256 hex digest>', hash);
  if (event.prevHash !== prevHash) return brokenAt(event, 'prev_hash_mismatch', prevHash, event.prevHash);
  const expected = digest('sha256', prevHash + event.payload, 'hex');
  return expected === hash ? undefined : brokenAt(event, 'hash_mismatch', expected, hash);
};

/**
 * Follows every stream's chain through events handed over in `$all` order, keeping only the last hash of
 * each stream. `$all` may in rare races list a stream's revisions out of order (the Postgres store orders
 * by transaction id), so an early event waits until the ones before it have been seen.
 */
export const createChainVerifier = () => {
  const streams = new Map<string, StreamCursor>();
  const waiting = new Map<string, Map<bigint, ChainEntry>>();

  const advance = (cursor: StreamCursor, event: ChainEntry): BrokenLink | undefined => {
    const broken = checkLink(event, cursor.lastHash);
    if (broken !== undefined) return broken;
    cursor.lastHash = event.hash as string;
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
  const check = (event: ChainEntry): BrokenLink | undefined => {
    let cursor = streams.get(event.streamName);
    if (cursor === undefined) {
      cursor = { nextRevision: 0n, lastHash: GENESIS_HASH };
      streams.set(event.streamName, cursor);
    }
    if (event.revision !== cursor.nextRevision) {
      const parked = waiting.get(event.streamName) ?? new Map<bigint, ChainEntry>();
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
