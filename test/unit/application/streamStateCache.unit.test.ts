import { StreamStateCache } from '../../../src/application/commands/streamStateCache';
import type { Decider } from '../../../src/domain/shared/decider';

type Counted = { type: 'Counted'; data: { n: number } };
const counter: Decider<Counted, Counted, number> = {
  decide: (command) => [command],
  evolve: (state, event) => state + event.data.n,
  initialState: () => 0,
};
const otherDecider: Decider<Counted, Counted, number> = { ...counter };

/** A state as after `events` events. */
const after = (events: number) => ({
  state: events,
  revision: BigInt(events - 1),
  position: { commit: 1n, prepare: BigInt(events) },
  lastHash: `hash-${events}`,
});

/** Which of the streams are kept; reading a state makes it the most recently used, as in real use. */
const kept = (cache: StreamStateCache, names: readonly string[]) =>
  names.filter((name) => cache.get(counter, name) !== undefined);

describe('the kept stream states', () => {
  it('keep at most so many streams, dropping the least recently used', () => {
    const cache = new StreamStateCache({ streams: 2, events: 1_000 });
    cache.set(counter, 'a', after(1));
    cache.set(counter, 'b', after(1));
    cache.get(counter, 'a');
    cache.set(counter, 'c', after(1));
    expect(kept(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('keep at most so many events folded into the states, all streams together', () => {
    const cache = new StreamStateCache({ streams: 100, events: 25 });
    cache.set(counter, 'a', after(10));
    cache.set(counter, 'b', after(10));
    cache.set(counter, 'c', after(10));
    expect(kept(cache, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    cache.set(counter, 'b', after(14)); // b grew: 14 + 10 = 24 events
    expect(kept(cache, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    cache.set(counter, 'd', after(2));
    expect(kept(cache, ['a', 'b', 'c', 'd'])).toEqual(['c', 'd']);
  });

  it('keep the newest state even when it alone is over the limit', () => {
    const cache = new StreamStateCache({ streams: 100, events: 25 });
    cache.set(counter, 'small', after(5));
    cache.set(counter, 'huge', after(1_000));
    expect(kept(cache, ['small', 'huge'])).toEqual(['huge']);
  });

  it('keep the later state when an older one arrives, and answer only the decider that folded it', () => {
    const cache = new StreamStateCache({ streams: 10, events: 100 });
    cache.set(counter, 'a', after(7));
    cache.set(counter, 'a', after(3));
    expect(cache.get(counter, 'a')?.revision).toBe(6n);
    expect(cache.get(otherDecider, 'a')).toBeUndefined();
  });

  it('keep nothing when told to keep no streams', () => {
    const cache = new StreamStateCache({ streams: 0, events: 100 });
    cache.set(counter, 'a', after(1));
    expect(cache.get(counter, 'a')).toBeUndefined();
  });
});
