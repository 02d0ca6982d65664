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
      while (performance.now() < stopAt) {
        // Not `units += await ...`: that reads `units` before the await and drops the other writers' counts.
        const handled = await operation(writer);
        units += handled;
      }
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

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export type Paired = Readonly<{ bare: number; port: number; ratio: number }>;

/**
 * Runs the two variants back to back `rounds` times, swapping which goes first, and reports the medians: of
 * each variant's rate and of the per-round ratio, so load drifting on a shared machine hits both alike.
 */
export const paired = async (
  rounds: number,
  bare: () => Promise<number>,
  port: () => Promise<number>,
): Promise<Paired> => {
  const rates: { bare: number[]; port: number[]; ratio: number[] } = { bare: [], port: [], ratio: [] };
  for (let round = 0; round < rounds; round += 1) {
    const [first, second] = round % 2 === 0 ? [bare, port] : [port, bare];
    const [a, b] = [await first(), await second()];
    const [bareRate, portRate] = round % 2 === 0 ? [a, b] : [b, a];
    rates.bare.push(bareRate);
    rates.port.push(portRate);
    rates.ratio.push(portRate / bareRate);
  }
  return { bare: median(rates.bare), port: median(rates.port), ratio: median(rates.ratio) };
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
