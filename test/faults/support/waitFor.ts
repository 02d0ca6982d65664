import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` until it holds; throws after `timeoutMs` naming what was awaited. */
export const waitFor = async (
  what: string,
  timeoutMs: number,
  condition: () => Promise<boolean> | boolean,
  intervalMs = 250,
): Promise<number> => {
  const started = Date.now();
  for (;;) {
    if (await condition()) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
};

export { sleep };

export const randomBetween = (min: number, max: number): number => min + Math.random() * (max - min);

export const pick = <T>(items: readonly T[]): T => {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(Math.random() * items.length)] as T;
};
