import { EVENT_TYPE, STREAM_NAME, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { matchesFilter, toSubscriptionFilter } from '../../../../src/infrastructure/eventstore/esdb/filters';
import { toSubscriptionBatch } from '../../../../src/infrastructure/eventstore/esdb/subscription';

const resolved = (streamId: string, type: string, commit: bigint): AllStreamResolvedEvent => ({
  event: {
    streamId,
    id: `00000000-0000-4000-8000-${commit.toString().padStart(12, '0')}`,
    isJson: true,
    revision: 0n,
    type,
    created: new Date(0),
    data: {},
    metadata: undefined,
    position: { commit, prepare: commit },
  },
  commitPosition: commit,
});

describe('toSubscriptionFilter', () => {
  it('filters event types by prefix on the server', () => {
    expect(toSubscriptionFilter({ eventTypes: ['OrderPlaced', 'OrderPaid'] })).toMatchObject({
      filterOn: EVENT_TYPE,
      prefixes: ['OrderPlaced', 'OrderPaid'],
    });
  });

  it('filters streams by prefix on the server', () => {
    expect(toSubscriptionFilter({ streamPrefixes: ['order-'] })).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['order-'],
    });
  });

  it('drops system events on the server when there is no filter', () => {
    const filter = toSubscriptionFilter(undefined);
    expect(filter).toMatchObject({ filterOn: EVENT_TYPE });
    const regex = new RegExp((filter as { regex: string }).regex);
    expect(regex.test('$metadata')).toBe(false);
    expect(regex.test('OrderPlaced')).toBe(true);
  });
});

describe('matchesFilter', () => {
  const event = toSubscriptionBatch([resolved('order-1', 'OrderPlacedV2', 10n)], undefined, undefined)[0]!;

  it('matches event types exactly, where the server matched a prefix', () => {
    expect(matchesFilter(event, { eventTypes: ['OrderPlaced'] })).toBe(false);
    expect(matchesFilter(event, { eventTypes: ['OrderPlacedV2'] })).toBe(true);
  });

  it('matches streams by prefix', () => {
    expect(matchesFilter(event, { streamPrefixes: ['wallet-', 'order-'] })).toBe(true);
    expect(matchesFilter(event, { streamPrefixes: ['wallet-'] })).toBe(false);
  });
});

describe('toSubscriptionBatch', () => {
  it('keeps our events strictly after the last position handed over, in order', () => {
    const raw = [
      resolved('order-1', 'OrderPlaced', 10n),
      resolved('order-1', 'OrderPaid', 20n),
      resolved('$$order-1', '$metadata', 25n),
      resolved('order-2', 'OrderPlaced', 30n),
    ];
    const batch = toSubscriptionBatch(raw, undefined, { commit: 10n, prepare: 10n });
    expect(batch.map((e) => e.position.commit)).toEqual([20n, 30n]);
  });

  it('applies the exact filter', () => {
    const raw = [resolved('order-1', 'OrderPlaced', 10n), resolved('order-1', 'OrderPlacedLate', 20n)];
    expect(toSubscriptionBatch(raw, { eventTypes: ['OrderPlaced'] }, undefined)).toHaveLength(1);
  });
});
