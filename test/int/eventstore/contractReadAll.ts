import type { AppendResult, RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { comparePositions } from '../../../src/application/eventStore/position';
import {
  eventually,
  expectIncreasing,
  newEvent,
  ofRun,
  type StoreAccess,
  uniqueNames,
} from './contractSupport';

export const describeAllReads = (storeOf: StoreAccess): void => {
  const names = uniqueNames();
  const alpha = `${names.typePrefix}Alpha`;
  const beta = `${names.typePrefix}Beta`;
  // `_` and `%` must be taken literally by the prefix filter: the second stream must not match the first.
  const literal = `${names.prefix}_x%`;
  const streams = {
    a: names.stream('a'),
    b: names.stream('b'),
    odd: `${literal}-1`,
    lookalike: `${names.prefix}ax-2`,
  };
  const appended: AppendResult[] = [];
  const writes = [
    { stream: streams.a, type: alpha },
    { stream: streams.b, type: beta },
    { stream: streams.a, type: alpha },
    { stream: streams.odd, type: beta },
    { stream: streams.lookalike, type: beta },
  ];
  const streamsOf = (events: readonly RecordedEvent[]) => events.map((event) => event.streamName);

  describe('readAll', () => {
    beforeAll(async () => {
      for (const write of writes)
        appended.push(await storeOf().appendToStream(write.stream, [newEvent(write.type)]));
      await eventually(
        () =>
          storeOf().readAll({
            direction: 'backwards',
            maxCount: 1,
            filter: { streamPrefixes: [names.prefix] },
          }),
        (events) => events.length === 1 && comparePositions(events[0]!.position, appended[4]!.position) === 0,
      );
    });

    it('reads forwards strictly after a position, in increasing positions', async () => {
      const read = await storeOf().readAll({ from: appended[0]!.position, maxCount: 10_000 });
      const ours = ofRun(names.prefix, read);
      expect(streamsOf(ours)).toEqual(writes.slice(1).map((write) => write.stream));
      expectIncreasing(read.map((event) => event.position));
      expect(comparePositions(read[0]!.position, appended[0]!.position)).toBe(1);
    });

    it('reads forwards from the start with a stream-prefix filter, up to maxCount', async () => {
      const read = await storeOf().readAll({ filter: { streamPrefixes: [names.prefix] }, maxCount: 2 });
      expect(streamsOf(read)).toEqual([streams.a, streams.b]);
      expect(typeof read[0]!.revision).toBe('bigint');
    });

    it('filters by event types', async () => {
      const read = await storeOf().readAll({ filter: { eventTypes: [beta] } });
      expect(streamsOf(read)).toEqual([streams.b, streams.odd, streams.lookalike]);
    });

    it('takes stream prefixes literally', async () => {
      const read = await storeOf().readAll({ filter: { streamPrefixes: [literal, streams.b] } });
      expect(streamsOf(read)).toEqual([streams.b, streams.odd]);
    });

    it('reads backwards strictly before a position, or from the end', async () => {
      const filter = { streamPrefixes: [names.prefix] };
      const before = await storeOf().readAll({ direction: 'backwards', from: appended[2]!.position, filter });
      expect(streamsOf(before)).toEqual([streams.b, streams.a]);
      const latest = await storeOf().readAll({
        direction: 'backwards',
        filter: { eventTypes: [alpha] },
        maxCount: 1,
      });
      expect(comparePositions(latest[0]!.position, appended[2]!.position)).toBe(0);
    });

    it('reports a head position at or after the last append', async () => {
      const head = await storeOf().headPosition();
      expect(head).toBeDefined();
      expect(comparePositions(head!, appended[4]!.position)).toBeGreaterThanOrEqual(0);
    });
  });
};
