/** Helpers shared by the benchmark suites. */

/** Runs `writers` loops of `operation` for about `durationMs`; returns units (e.g. events) per second. */
export const throughput = async (
  durationMs: number,
  writers: number,
  operation: (writer: number) => Promise<number>,
): Promise<number> => {
  const started = performance.now();
  const stopAt = started + durationMs;
  let units = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (performance.now() < stopAt) units += await operation(writer);
    }),
  );
  return (units / (performance.now() - started)) * 1000;
};

/** Units per second of one run of `operation`, which returns how many units it handled. */
export const timed = async (operation: () => Promise<number>): Promise<number> => {
  const started = performance.now();
  const units = await operation();
  return (units / (performance.now() - started)) * 1000;
};

/** Alternates the variants `rounds` times (so drift hits both alike) and keeps each one's best run. */
export const bestOf = async <K extends string>(
  rounds: number,
  variants: Readonly<Record<K, () => Promise<number>>>,
): Promise<Record<K, number>> => {
  const best = {} as Record<K, number>;
  for (let round = 0; round < rounds; round += 1) {
    for (const key of Object.keys(variants) as K[]) {
      best[key] = Math.max(best[key] ?? 0, await variants[key]());
    }
  }
  return best;
};

export const formatRate = (perSecond: number): string => Math.round(perSecond).toLocaleString('en');

/** A Markdown table, padded for the terminal. */
export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
};

/** The p-th percentile (nearest rank) of ascending latencies. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export type LatencyRun = Readonly<{ perSecond: number; latenciesMs: number[]; errors: number }>;

/** Like `throughput`, one unit per call, also keeping each call's latency and counting failed calls. */
export const latencyRun = async (
  durationMs: number,
  workers: number,
  operation: (worker: number) => Promise<boolean>,
): Promise<LatencyRun> => {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const stopAt = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < stopAt) {
        const begun = performance.now();
        const ok = await operation(worker).catch(() => false);
        latenciesMs.push(performance.now() - begun);
        if (!ok) errors += 1;
      }
    }),
  );
  latenciesMs.sort((a, b) => a - b);
  return {
    perSecond: ((latenciesMs.length - errors) / (performance.now() - started)) * 1000,
    latenciesMs,
    errors,
  };
};
