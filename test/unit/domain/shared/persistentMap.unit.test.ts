import {
  emptyMap,
  mapEntries,
  mapGet,
  mapHas,
  mapSet,
  type PersistentMap,
} from '../../../../src/domain/shared/persistentMap';
import { integerBetween, seededRandom } from '../prng';

describe('persistent map', () => {
  it('behaves like a Map under random sets and gets', () => {
    const random = seededRandom(2024);
    const reference = new Map<string, number>();
    let map: PersistentMap<number> = emptyMap();
    for (let i = 0; i < 20_000; i += 1) {
      const key = `key-${integerBetween(random, 0, 5_000)}`;
      map = mapSet(map, key, i);
      reference.set(key, i);
    }
    expect(map.size).toBe(reference.size);
    for (const [key, value] of reference) expect(mapGet(map, key)).toBe(value);
    expect(mapHas(map, 'key-absent')).toBe(false);
    expect(new Map(mapEntries(map))).toEqual(reference);
  });

  it('leaves earlier versions untouched', () => {
    const first = mapSet(emptyMap<string>(), 'sku-1', 'tea');
    const second = mapSet(first, 'sku-1', 'coffee');
    const third = mapSet(second, 'sku-2', 'cake');

    expect([mapGet(first, 'sku-1'), mapGet(first, 'sku-2'), first.size]).toEqual(['tea', undefined, 1]);
    expect([mapGet(second, 'sku-1'), second.size]).toEqual(['coffee', 1]);
    expect([mapGet(third, 'sku-1'), mapGet(third, 'sku-2'), third.size]).toEqual(['coffee', 'cake', 2]);
  });

  it('keeps keys whose hashes collide apart', () => {
    // FNV-1a 32-bit collides for these two strings; both must stay retrievable.
    const [a, b] = ['costarring', 'liquid'];
    const map = mapSet(mapSet(emptyMap<number>(), a, 1), b, 2);
    expect([mapGet(map, a), mapGet(map, b), map.size]).toEqual([1, 2, 2]);
  });
});
