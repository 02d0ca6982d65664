import type { Sample } from './loadGenerator';

/** Nearest-rank percentile of a list of milliseconds (NaN when empty). */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
};

/** Latencies of the samples sent in [fromMs, toMs) since the load started. */
export const latenciesBetween = (samples: readonly Sample[], fromMs: number, toMs: number): number[] =>
  samples.filter((sample) => sample.at >= fromMs && sample.at < toMs).map((sample) => sample.ms);

export const latencyFigures = (values: readonly number[]) => ({
  count: values.length,
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
  max: values.length === 0 ? Number.NaN : Math.max(...values),
});
