import { largest, scrape } from '../support/metrics';
import type { RoleProcess } from '../support/roleProcess';

const MiB = 1024 * 1024;

/** One process at one moment, in MiB. */
export type MemorySample = Readonly<{
  at: number;
  process: string;
  rss: number;
  /** The V8 heap in use after the last major GC: what the process retains. */
  heapAfterGc: number;
  /** Everything but the V8 heap's reserve: buffers, native allocations, code (RSS − heap total). */
  outsideHeap: number;
}>;

export type MemoryFigure = 'rss' | 'heapAfterGc' | 'outsideHeap';

const sampleOf = async (child: RoleProcess, at: number): Promise<MemorySample | undefined> => {
  const exposition = await scrape(child.url).catch(() => '');
  const rss = largest(exposition, 'process_resident_memory_bytes');
  const heapTotal = largest(exposition, 'nodejs_heap_size_total_bytes');
  const heapAfterGc = largest(exposition, 'orderly_heap_used_after_gc_bytes');
  if (rss === undefined || heapTotal === undefined || !heapAfterGc) return undefined; // 0: no major GC yet
  return {
    at,
    process: child.options.name,
    rss: rss / MiB,
    heapAfterGc: heapAfterGc / MiB,
    outsideHeap: (rss - heapTotal) / MiB,
  };
};

/** Scrapes the memory figures of each process's /metrics every `intervalMs` until stopped. */
export const sampleMemory = (processes: readonly RoleProcess[], intervalMs: number) => {
  const samples: MemorySample[] = [];
  const started = performance.now();
  const timer = setInterval(() => {
    const at = performance.now() - started;
    for (const child of processes) {
      void sampleOf(child, at).then((sample) => sample !== undefined && samples.push(sample));
    }
  }, intervalMs);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
};

const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

const pointsOf = (samples: readonly MemorySample[], name: string, fromMs: number, toMs: number) =>
  samples.filter((s) => s.process === name && s.at >= fromMs && s.at < toMs);

/** Mean of one figure of one process in [fromMs, toMs). */
export const meanOf = (
  samples: readonly MemorySample[],
  figure: MemoryFigure,
  name: string,
  fromMs: number,
  toMs: number,
): number => mean(pointsOf(samples, name, fromMs, toMs).map((s) => s[figure]));

/** Least-squares slope of one figure of one process over [fromMs, toMs), in MiB per minute. */
export const slopeOf = (
  samples: readonly MemorySample[],
  figure: MemoryFigure,
  name: string,
  fromMs: number,
  toMs: number,
): number => {
  const points = pointsOf(samples, name, fromMs, toMs);
  const x = mean(points.map((p) => p.at / 60_000));
  const y = mean(points.map((p) => p[figure]));
  const covariance = points.reduce((sum, p) => sum + (p.at / 60_000 - x) * (p[figure] - y), 0);
  const variance = points.reduce((sum, p) => sum + (p.at / 60_000 - x) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
};
