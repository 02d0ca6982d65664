import type { ScenarioReport } from '../support/report';
import { type MemoryFigure, type MemorySample, meanOf, slopeOf } from './memory';

/**
 * Bounds on the last window against the first (docs/reliability.md, "Judging memory"). A leak keeps what it
 * allocates, so it shows in the heap after a major GC, or outside the V8 heap when it holds buffers or
 * native memory; both are flat within ±2 MiB over a clean 10-minute run. RSS also carries the room V8
 * keeps free for new allocations, which swings by 40-90 MiB with the allocation rate, so it is bounded only
 * against runaway growth.
 */
const BOUNDS: readonly Readonly<{ figure: MemoryFigure; label: string; tolerance: number }>[] = [
  { figure: 'heapAfterGc', label: 'no leak: heap after a major GC', tolerance: 1.25 },
  { figure: 'outsideHeap', label: 'no leak outside the V8 heap: RSS − heap total', tolerance: 1.25 },
  { figure: 'rss', label: 'no runaway RSS', tolerance: 2 },
];

export type MemoryWindows = Readonly<{
  warmUp: number;
  first: readonly [number, number];
  last: readonly [number, number];
}>;

/** Prints each process's memory figures and checks every bound on every process. */
export const reportMemory = (
  report: ScenarioReport,
  samples: readonly MemorySample[],
  names: readonly string[],
  { warmUp, first, last }: MemoryWindows,
  endMs: number,
): void => {
  const change = (figure: MemoryFigure, name: string) => {
    const [before, after] = [meanOf(samples, figure, name, ...first), meanOf(samples, figure, name, ...last)];
    return { before, after, text: `${before.toFixed(1)} → ${after.toFixed(1)}` };
  };
  const slope = (figure: MemoryFigure, name: string) =>
    `${slopeOf(samples, figure, name, warmUp, endMs).toFixed(2)}/min`;
  for (const name of names) {
    report.figure(
      `${name} MiB after warm-up → last window: heap after GC, outside the heap, RSS`,
      [
        `${change('heapAfterGc', name).text} (${slope('heapAfterGc', name)})`,
        change('outsideHeap', name).text,
        `${change('rss', name).text} (${slope('rss', name)})`,
      ].join(', '),
    );
  }
  for (const { figure, label, tolerance } of BOUNDS) {
    const grown = names
      .map((name) => ({ name, ...change(figure, name) }))
      .filter(({ before, after }) => !(after <= before * tolerance)) // NaN (no samples) fails too
      .map(({ name, text }) => `${name} ${text} MiB`);
    report.check(
      `${label}, last window ≤ ${tolerance}× the first after the warm-up (every process)`,
      grown.length === 0,
      grown.join('; '),
    );
  }
};
