import { comparePositions } from '../../../src/application/eventStore/position';
import { expectWrongVersion, ids, newEvent, type StoreAccess, uniqueNames } from './contractSupport';

export const describeAppends = (storeOf: StoreAccess): void => {
  const names = uniqueNames();
  const event = (data: Record<string, unknown> = {}) => newEvent(`${names.typePrefix}Appended`, data);

  describe('appendToStream', () => {
    it('creates a stream with no_stream, numbering revisions from 0 and returning the last position', async () => {
      const stream = names.stream('order');
      const events = [event({ n: 1 }), event({ n: 2 }), event({ n: 3 })];
      const result = await storeOf().appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const read = await storeOf().readStream(stream);
      expect(result.nextExpectedRevision).toBe(2n);
      expect(read.map((recorded) => recorded.revision)).toEqual([0n, 1n, 2n]);
      expect(ids(read)).toEqual(ids(events));
      expect(comparePositions(result.position, read[2]!.position)).toBe(0);
      expect(typeof result.position.commit).toBe('bigint');
      expect(typeof result.position.prepare).toBe('bigint');
    });

    it('rejects no_stream on an existing stream with the expected and actual revisions', async () => {
      const stream = names.stream('order');
      await storeOf().appendToStream(stream, [event(), event()], { expectedRevision: 'no_stream' });
      await expectWrongVersion(
        storeOf().appendToStream(stream, [event()], { expectedRevision: 'no_stream' }),
        'no_stream',
        1n,
      );
    });

    it('appends after an exact revision and rejects a stale one', async () => {
      const stream = names.stream('order');
      await storeOf().appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
      const second = await storeOf().appendToStream(stream, [event()], { expectedRevision: 0n });
      expect(second.nextExpectedRevision).toBe(1n);
      await expectWrongVersion(storeOf().appendToStream(stream, [event()], { expectedRevision: 0n }), 0n, 1n);
      expect(await storeOf().readStream(stream)).toHaveLength(2);
    });

    it('reports no_stream as the actual revision of a missing stream', async () => {
      const stream = names.stream('missing');
      await expectWrongVersion(
        storeOf().appendToStream(stream, [event()], { expectedRevision: 3n }),
        3n,
        'no_stream',
      );
      await expectWrongVersion(
        storeOf().appendToStream(stream, [event()], { expectedRevision: 'stream_exists' }),
        'stream_exists',
        'no_stream',
      );
    });

    it('appends with stream_exists to an existing stream', async () => {
      const stream = names.stream('order');
      await storeOf().appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
      const result = await storeOf().appendToStream(stream, [event(), event()], {
        expectedRevision: 'stream_exists',
      });
      expect(result.nextExpectedRevision).toBe(2n);
    });

    it('appends with any (the default) whether or not the stream exists', async () => {
      const stream = names.stream('order');
      const first = await storeOf().appendToStream(stream, [event()], { expectedRevision: 'any' });
      const second = await storeOf().appendToStream(stream, [event()]);
      expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 1n]);
      expect(comparePositions(first.position, second.position)).toBe(-1);
    });

    it('answers a re-append of the same events at the same expected revision with the original result', async () => {
      const stream = names.stream('order');
      const batch = [event({ n: 1 }), event({ n: 2 })];
      const created = await storeOf().appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      const again = await storeOf().appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      const next = [event({ n: 3 })];
      const appended = await storeOf().appendToStream(stream, next, { expectedRevision: 1n });
      const retried = await storeOf().appendToStream(stream, next, { expectedRevision: 1n });
      expect(again.nextExpectedRevision).toBe(created.nextExpectedRevision);
      expect(comparePositions(again.position, created.position)).toBe(0);
      expect(retried.nextExpectedRevision).toBe(2n);
      expect(comparePositions(retried.position, appended.position)).toBe(0);
      expect(ids(await storeOf().readStream(stream))).toEqual(ids([...batch, ...next]));
    });

    it('checks the expected revision of an empty append and writes nothing', async () => {
      const stream = names.stream('order');
      await storeOf().appendToStream(stream, [event(), event()], { expectedRevision: 'no_stream' });
      const result = await storeOf().appendToStream(stream, [], { expectedRevision: 1n });
      expect(result.nextExpectedRevision).toBe(1n);
      await expectWrongVersion(storeOf().appendToStream(stream, [], { expectedRevision: 0n }), 0n, 1n);
      expect(await storeOf().readStream(stream)).toHaveLength(2);
    });
  });
};
