import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { collect, expectIncreasing, ids, newEvent, type StoreAccess, uniqueNames } from './contractSupport';

export const describeSubscriptions = (storeOf: StoreAccess): void => {
  const names = uniqueNames();
  const append = (stream: string, type: string, count = 1) =>
    storeOf().appendToStream(
      stream,
      Array.from({ length: count }, (_, n) => newEvent(type, { n })),
    );
  const atLeast = (count: number) => (events: readonly RecordedEvent[]) => events.length >= count;

  describe('subscribeToAll', () => {
    it('delivers the events of the filtered types from the start, in order', async () => {
      const type = `${names.typePrefix}Kept`;
      const kept = [await append(names.stream('s'), type, 2), await append(names.stream('t'), type)];
      await append(names.stream('s'), `${names.typePrefix}Other`, 2);
      const { events } = await collect(storeOf(), { filter: { eventTypes: [type] } }, atLeast(3));
      expect(events.map((event) => event.type)).toEqual([type, type, type]);
      expect(events[2]!.position).toEqual(kept[1]!.position);
      expectIncreasing(events.map((event) => event.position));
    });

    it('delivers the events of the filtered streams strictly after a position', async () => {
      const prefix = `${names.prefix}after`;
      const first = await append(`${prefix}-1`, `${names.typePrefix}Any`);
      await append(`${prefix}-2`, `${names.typePrefix}Any`, 2);
      await append(names.stream('elsewhere'), `${names.typePrefix}Any`);
      const options = { from: first.position, filter: { streamPrefixes: [prefix] } };
      const { events } = await collect(storeOf(), options, atLeast(2));
      expect(events.map((event) => event.streamName)).toEqual([`${prefix}-2`, `${prefix}-2`]);
    });

    it('catches up, then delivers live appends', async () => {
      const type = `${names.typePrefix}Live`;
      const stream = names.stream('live');
      await append(stream, type, 3);
      const live = Array.from({ length: 4 }, () => newEvent(type));
      let appending: Promise<void> | undefined;
      // Appended once caught up, after a pause that lets the subscription fall idle.
      const appendLive = (events: readonly RecordedEvent[]): Promise<void> => {
        if (appending !== undefined || events.length < 3) return Promise.resolve();
        appending = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          for (const event of live) await storeOf().appendToStream(stream, [event]);
        })();
        return Promise.resolve();
      };
      const { events } = await collect(storeOf(), { filter: { eventTypes: [type] } }, atLeast(7), appendLive);
      await appending;
      expect(ids(events.slice(3))).toEqual(ids(live));
    });

    it('hands over batches no larger than maxBatchSize', async () => {
      const type = `${names.typePrefix}Batched`;
      await append(names.stream('batched'), type, 7);
      const { events, batches } = await collect(
        storeOf(),
        { filter: { eventTypes: [type] }, maxBatchSize: 3 },
        atLeast(7),
      );
      expect(events).toHaveLength(7);
      expect(Math.max(...batches)).toBeLessThanOrEqual(3);
    });

    it('resumes from the last handled position without loss or duplicates', async () => {
      const type = `${names.typePrefix}Resumed`;
      const stream = names.stream('resumed');
      await append(stream, type, 6);
      const options = { filter: { eventTypes: [type] }, maxBatchSize: 2 };
      const before = await collect(storeOf(), options, atLeast(4));
      await append(stream, type, 3);
      const from = before.events[before.events.length - 1]!.position;
      const after = await collect(storeOf(), { ...options, from }, atLeast(9 - before.events.length));
      const all = [...before.events, ...after.events];
      expect(all.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
    });

    it('ends the iterator when its signal is aborted while waiting for events', async () => {
      const controller = new AbortController();
      const received: RecordedEvent[] = [];
      const subscription = storeOf().subscribeToAll({
        filter: { eventTypes: [`${names.typePrefix}Never`] },
        signal: controller.signal,
      });
      const consumed = (async () => {
        for await (const batch of subscription) received.push(...batch);
        return 'ended';
      })();
      setTimeout(() => controller.abort(), 50);
      await expect(consumed).resolves.toBe('ended');
      expect(received).toEqual([]);
    });

    it('ends at once when the signal is already aborted', async () => {
      await append(names.stream('aborted'), `${names.typePrefix}Aborted`);
      const controller = new AbortController();
      controller.abort();
      const batches: unknown[] = [];
      for await (const batch of storeOf().subscribeToAll({ signal: controller.signal })) batches.push(batch);
      expect(batches).toEqual([]);
    });
  });
};
