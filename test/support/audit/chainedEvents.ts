import { randomUUID } from 'node:crypto';
import { computeEventHash, GENESIS_HASH } from '../../../src/application/audit/hashChain';
import type { EventStore, EventToAppend } from '../../../src/application/eventStore/eventStore';

type Event = Readonly<{ type: string; data: Record<string, unknown> }>;

/** Events chained exactly as the command handler chains them (metadata.prevHash and metadata.hash). */
export const chained = (
  events: readonly Event[],
  prevHash = GENESIS_HASH,
  context: Readonly<{ correlationId?: string; userId?: string }> = {},
): EventToAppend[] => {
  let previous = prevHash;
  return events.map((event) => {
    const base = {
      correlationId: context.correlationId ?? randomUUID(),
      userId: context.userId,
      schemaVersion: 1,
      prevHash: previous,
    };
    const hash = computeEventHash(previous, { ...event, metadata: base });
    previous = hash;
    return { id: randomUUID(), type: event.type, data: event.data, metadata: { ...base, hash } };
  });
};

/** A wallet-like stream's events of realistic size. */
export const walletEvents = (userId: string, count: number, startAt = 0): Event[] =>
  Array.from({ length: count }, (_, index) => ({
    type: 'WalletToppedUp',
    data: {
      userId,
      amountMinor: 1_000 + index,
      currency: 'EUR',
      externalReference: `ref-${startAt + index}-${randomUUID()}`,
      toppedUpAt: new Date(Date.UTC(2026, 0, 1, 0, 0, startAt + index)).toISOString(),
    },
  }));

/**
 * Appends `streams` streams of `perStream` chained events, `batch` events per append (several appends run
 * at once). Returns the stream names.
 */
export const seedChainedStreams = async (
  store: EventStore,
  streams: number,
  perStream: number,
  batch = 100,
): Promise<string[]> => {
  const names = Array.from({ length: streams }, () => `wallet-${randomUUID()}`);
  const seedOne = async (streamName: string): Promise<void> => {
    let prevHash = GENESIS_HASH;
    for (let done = 0; done < perStream; done += batch) {
      const events = chained(
        walletEvents(streamName.slice(7), Math.min(batch, perStream - done), done),
        prevHash,
      );
      await store.appendToStream(streamName, events);
      prevHash = String(events.at(-1)?.metadata?.hash);
    }
  };
  const lanes = 8;
  for (let start = 0; start < names.length; start += lanes) {
    await Promise.all(names.slice(start, start + lanes).map(seedOne));
  }
  return names;
};
