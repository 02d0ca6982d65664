import type { EventStore, ExpectedRevision } from '../../../src/application/eventStore/eventStore';
import { WrongExpectedVersionError } from '../../../src/application/eventStore/errors';
import { ids, newEvent, type StoreAccess, uniqueNames } from './contractSupport';

const ROUNDS = 8;
const CONTENDERS = 8;

/** Load the stream, append after its last revision, and start over on a conflict (a command handler's loop). */
const appendWithRetry = async (store: EventStore, stream: string, type: string): Promise<number> => {
  for (let attempt = 1; ; attempt += 1) {
    const current = await store.readStream(stream).catch(() => []);
    const last = current[current.length - 1];
    const expected: ExpectedRevision = last === undefined ? 'no_stream' : last.revision;
    try {
      await store.appendToStream(stream, [newEvent(type)], { expectedRevision: expected });
      return attempt;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
};

export const describeConcurrency = (storeOf: StoreAccess): void => {
  const names = uniqueNames();
  const type = `${names.typePrefix}Raced`;

  describe('optimistic concurrency', () => {
    it('lets exactly one of many concurrent appends at the same expected revision win, gaplessly', async () => {
      const stream = names.stream('contended');
      const winners: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const expected: ExpectedRevision = round === 0 ? 'no_stream' : BigInt(round - 1);
        const attempts = Array.from({ length: CONTENDERS }, () => newEvent(type, { round }));
        const outcomes = await Promise.allSettled(
          attempts.map((attempt) =>
            storeOf().appendToStream(stream, [attempt], { expectedRevision: expected }),
          ),
        );
        const won = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        const rejections = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
        );
        expect(won).toHaveLength(1);
        expect(rejections).toHaveLength(CONTENDERS - 1);
        for (const rejection of rejections) {
          expect(rejection).toBeInstanceOf(WrongExpectedVersionError);
          expect(rejection).toMatchObject({ expected, actual: BigInt(round) });
        }
        winners.push(attempts[won[0]!]!.id);
      }
      const read = await storeOf().readStream(stream);
      expect(read.map((event) => event.revision)).toEqual(
        Array.from({ length: ROUNDS }, (_, i) => BigInt(i)),
      );
      expect(ids(read)).toEqual(winners);
    });

    it('keeps a stream gapless when racing writers retry on conflict', async () => {
      const stream = names.stream('retried');
      const writers = 6;
      const perWriter = 5;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let n = 0; n < perWriter; n += 1) await appendWithRetry(storeOf(), stream, type);
        }),
      );
      const read = await storeOf().readStream(stream);
      expect(read.map((event) => event.revision)).toEqual(
        Array.from({ length: writers * perWriter }, (_, i) => BigInt(i)),
      );
      expect(new Set(ids(read)).size).toBe(writers * perWriter);
    });
  });
};
