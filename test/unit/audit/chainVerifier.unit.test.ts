import { createChainVerifier, entryOfEvent } from '../../../src/application/audit/chainVerifier';
import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { chained, walletEvents } from '../../support/audit/chainedEvents';

const recorded = (streamName: string, count: number): RecordedEvent[] =>
  chained(walletEvents('u', count)).map((event, index) => ({
    ...event,
    streamName,
    revision: BigInt(index),
    position: { commit: BigInt(index), prepare: BigInt(index) },
    recordedAt: new Date(0),
    metadata: event.metadata ?? {},
  }));

const feed = (events: readonly RecordedEvent[]) => {
  const verifier = createChainVerifier();
  for (const event of events) {
    const broken = verifier.check(entryOfEvent(event));
    if (broken !== undefined) return broken;
  }
  return verifier.finish();
};

describe('the chain verifier', () => {
  const [a0, a1, a2, a3] = recorded('wallet-a', 4) as [
    RecordedEvent,
    RecordedEvent,
    RecordedEvent,
    RecordedEvent,
  ];
  const [b0, b1] = recorded('wallet-b', 2) as [RecordedEvent, RecordedEvent];

  it('follows interleaved streams', () => {
    expect(feed([a0, b0, a1, b1, a2, a3])).toBeUndefined();
  });

  it('waits for a revision listed before its predecessor, then checks both', () => {
    expect(feed([a0, a2, a1, b0, a3, b1])).toBeUndefined();
  });

  it('reports a revision that never came', () => {
    expect(feed([a0, a2, a3])).toMatchObject({
      streamName: 'wallet-a',
      revision: '2',
      reason: 'missing_events',
      expected: 'revision 1',
    });
  });

  it('reports an altered event as the first broken link, with the hash it should carry', () => {
    const altered = { ...a2, data: { ...a2.data, amountMinor: 1 } };
    expect(feed([a0, a1, altered, a3])).toMatchObject({
      eventId: a2.id,
      reason: 'hash_mismatch',
      found: a2.metadata.hash,
    });
  });

  it('reports an event that points at another predecessor', () => {
    const relinked = { ...a1, metadata: { ...a1.metadata, prevHash: 'elsewhere' } };
    expect(feed([a0, relinked])).toMatchObject({
      eventId: a1.id,
      reason: 'prev_hash_mismatch',
      expected: a0.metadata.hash,
      found: 'elsewhere',
    });
  });

  it('reports an event without a hash', () => {
    const { hash: _hash, ...metadata } = a0.metadata;
    expect(feed([{ ...a0, metadata }])).toMatchObject({ revision: '0', reason: 'missing_hash', found: null });
  });
});
