import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { Direction } from '../../../../src/application/eventStore/eventStore';
import { comparePositions, type Position } from '../../../../src/application/eventStore/position';
import { pageThroughAll, type ReadAllPage } from '../../../../src/infrastructure/eventstore/esdb/readAll';

/** A `$all` log as the client returns it: every 7th record is a system event, positions ascend. */
const log: AllStreamResolvedEvent[] = Array.from({ length: 1_200 }, (_, index) => {
  const at = BigInt(index + 1) * 100n;
  const system = index % 7 === 0;
  return {
    event: {
      streamId: system ? '$stats-node' : `order-${index % 3}`,
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      isJson: true,
      revision: BigInt(index),
      type: system ? '$statsCollected' : index % 50 === 1 ? 'OrderPaid' : 'OrderPlaced',
      created: new Date(0),
      data: { index },
      metadata: undefined,
      position: { commit: at, prepare: at },
    },
    commitPosition: at,
  };
});

const positionOf = (resolved: AllStreamResolvedEvent): Position => resolved.event!.position;

/**
 * Pages of that log. Forwards the client's start is inclusive; backwards the server's behaviour is taken
 * both ways (inclusive or exclusive), and the adapter must give the same answer either way.
 */
const pagesOf = (backwardsInclusive: boolean) => {
  const requests: number[] = [];
  const readPage: ReadAllPage = (direction: Direction, from, maxCount) => {
    requests.push(maxCount);
    const ordered = direction === 'forwards' ? log : [...log].reverse();
    const start =
      from === undefined
        ? 0
        : ordered.findIndex((resolved) => {
            const order = comparePositions(positionOf(resolved), from);
            if (direction === 'forwards') return order >= 0;
            return backwardsInclusive ? order <= 0 : order < 0;
          });
    return Promise.resolve(start < 0 ? [] : ordered.slice(start, start + maxCount));
  };
  return { readPage, requests };
};

const at = (n: number): Position => ({ commit: BigInt(n) * 100n, prepare: BigInt(n) * 100n });
const indexes = (events: readonly { data: Record<string, unknown> }[]) =>
  events.map((event) => event.data.index);

describe('pageThroughAll', () => {
  it('reads forwards strictly after `from`, skipping system events, up to maxCount', async () => {
    const { readPage, requests } = pagesOf(true);
    const read = await pageThroughAll(readPage, { from: at(2), maxCount: 5 });
    expect(indexes(read)).toEqual([2, 3, 4, 5, 6]);
    expect(requests[0]).toBe(6);
  });

  it('keeps reading pages until the filter has matched maxCount events', async () => {
    const { readPage, requests } = pagesOf(true);
    const read = await pageThroughAll(readPage, { filter: { eventTypes: ['OrderPaid'] }, maxCount: 20 });
    expect(read).toHaveLength(20);
    expect(read.every((event) => event.type === 'OrderPaid')).toBe(true);
    expect(indexes(read).slice(0, 3)).toEqual([1, 51, 101]);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('reads to the end of the log when fewer events match', async () => {
    const { readPage } = pagesOf(true);
    const read = await pageThroughAll(readPage, { filter: { streamPrefixes: ['order-2'] } });
    const expected = log.filter((r) => r.event!.streamId === 'order-2').map((r) => r.event!.data);
    expect(read.map((event) => event.data)).toEqual(expected);
  });

  it.each([true, false])(
    'reads backwards strictly before `from` (server inclusive: %p)',
    async (inclusive) => {
      const { readPage } = pagesOf(inclusive);
      const read = await pageThroughAll(readPage, { direction: 'backwards', from: at(10), maxCount: 4 });
      expect(indexes(read)).toEqual([8, 6, 5, 4]);
    },
  );

  it('reads backwards from the end with a filter across pages', async () => {
    const { readPage } = pagesOf(true);
    const read = await pageThroughAll(readPage, {
      direction: 'backwards',
      filter: { eventTypes: ['OrderPaid'] },
      maxCount: 15,
    });
    const paid = Array.from({ length: 1_200 }, (_, index) => index).filter(
      (i) => i % 50 === 1 && i % 7 !== 0,
    );
    expect(indexes(read)).toEqual(paid.reverse().slice(0, 15));
  });

  it('reads nothing for maxCount 0 and answers an empty log with no events', async () => {
    const { readPage, requests } = pagesOf(true);
    expect(await pageThroughAll(readPage, { maxCount: 0 })).toEqual([]);
    expect(requests).toEqual([]);
    expect(await pageThroughAll(() => Promise.resolve([]), {})).toEqual([]);
  });
});
