import { PassThrough } from 'node:stream';
import { readableBatches } from '../../../../src/infrastructure/eventstore/esdb/readableBatches';

const objects = () => new PassThrough({ objectMode: true });

describe('readableBatches', () => {
  it('hands over everything already buffered at once, up to the batch size', async () => {
    const stream = objects();
    for (const n of [1, 2, 3, 4, 5]) stream.write(n);
    stream.end();
    const batches: number[][] = [];
    for await (const batch of readableBatches<number>(stream, 2)) batches.push(batch);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('waits for the next item when the buffer is empty, then returns at the end', async () => {
    const stream = objects();
    const iterator = readableBatches<string>(stream, 10);
    const first = iterator.next();
    setImmediate(() => stream.write('a'));
    await expect(first).resolves.toEqual({ done: false, value: ['a'] });
    const second = iterator.next();
    setImmediate(() => {
      stream.write('b');
      stream.write('c');
      stream.end();
    });
    await expect(second).resolves.toEqual({ done: false, value: ['b', 'c'] });
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('returns when the signal aborts while waiting', async () => {
    const stream = objects();
    const controller = new AbortController();
    const iterator = readableBatches<number>(stream, 10, controller.signal);
    const pending = iterator.next();
    setImmediate(() => controller.abort());
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('rethrows an error of the stream, even one raised while the consumer was busy', async () => {
    const stream = objects();
    stream.write(1);
    const iterator = readableBatches<number>(stream, 10);
    await expect(iterator.next()).resolves.toEqual({ done: false, value: [1] });
    stream.destroy(new Error('connection reset'));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(iterator.next()).rejects.toThrow('connection reset');
  });

  it('stops listening when the consumer breaks out', async () => {
    const stream = objects();
    stream.write(1);
    for await (const batch of readableBatches<number>(stream, 10)) {
      expect(batch).toEqual([1]);
      break;
    }
    expect(stream.listenerCount('readable') + stream.listenerCount('error')).toBe(0);
  });
});
