import type { AppendResult, EventToAppend } from '../../../src/application/eventStore/eventStore';
import { StreamNotFoundError } from '../../../src/application/eventStore/errors';
import { comparePositions } from '../../../src/application/eventStore/position';
import { newEvent, type StoreAccess, uniqueNames } from './contractSupport';

const revisionsOf = (events: readonly { revision: bigint }[]) => events.map((event) => event.revision);

export const describeStreamReads = (storeOf: StoreAccess): void => {
  const names = uniqueNames();
  const stream = names.stream('order');
  const events: EventToAppend[] = [0, 1, 2, 3, 4].map((n) =>
    newEvent(`${names.typePrefix}Counted`, { n, nested: { list: [n, 'x'] } }, { correlationId: `c-${n}` }),
  );
  let appended: AppendResult;

  describe('readStream', () => {
    beforeAll(async () => {
      appended = await storeOf().appendToStream(stream, events, { expectedRevision: 'no_stream' });
    });

    it('reads a stream forwards with the full envelope', async () => {
      const read = await storeOf().readStream(stream);
      expect(revisionsOf(read)).toEqual([0n, 1n, 2n, 3n, 4n]);
      const last = read[4]!;
      expect(last).toMatchObject({
        id: events[4]!.id,
        type: `${names.typePrefix}Counted`,
        streamName: stream,
        data: { n: 4, nested: { list: [4, 'x'] } },
      });
      expect(last.metadata).toMatchObject({ correlationId: 'c-4' });
      expect(last.recordedAt).toBeInstanceOf(Date);
      expect(comparePositions(last.position, appended.position)).toBe(0);
    });

    it('reads forwards from a revision, inclusive, up to maxCount', async () => {
      expect(revisionsOf(await storeOf().readStream(stream, { fromRevision: 2n }))).toEqual([2n, 3n, 4n]);
      expect(revisionsOf(await storeOf().readStream(stream, { fromRevision: 1n, maxCount: 2 }))).toEqual([
        1n,
        2n,
      ]);
      expect(await storeOf().readStream(stream, { fromRevision: 5n })).toEqual([]);
    });

    it('reads backwards from the end or from a revision, inclusive', async () => {
      const all = await storeOf().readStream(stream, { direction: 'backwards' });
      expect(revisionsOf(all)).toEqual([4n, 3n, 2n, 1n, 0n]);
      const some = await storeOf().readStream(stream, {
        direction: 'backwards',
        fromRevision: 3n,
        maxCount: 2,
      });
      expect(revisionsOf(some)).toEqual([3n, 2n]);
    });

    it('answers concurrent reads of several streams, each with its own events', async () => {
      const other = names.stream('other');
      await storeOf().appendToStream(other, [newEvent(`${names.typePrefix}Counted`, { n: 9 })]);
      const [whole, fromThree, ofOther, again, missing] = await Promise.all([
        storeOf().readStream(stream),
        storeOf().readStream(stream, { fromRevision: 3n }),
        storeOf().readStream(other),
        storeOf().readStream(stream),
        storeOf()
          .readStream(names.stream('never'))
          .catch((error: unknown) => error),
      ]);
      expect(revisionsOf(whole)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(revisionsOf(fromThree)).toEqual([3n, 4n]);
      expect(ofOther.map((event) => [event.streamName, event.data])).toEqual([[other, { n: 9 }]]);
      expect(again).toEqual(whole);
      expect(missing).toBeInstanceOf(StreamNotFoundError);
    });

    it('throws StreamNotFoundError for a stream without events', async () => {
      await expect(storeOf().readStream(names.stream('nothing'))).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(storeOf().readStream(names.stream('nothing'), { direction: 'backwards' })).rejects.toThrow(
        StreamNotFoundError,
      );
    });
  });
};
