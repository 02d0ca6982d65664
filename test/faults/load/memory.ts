import type { RoleProcess } from '../support/roleProcess';

export type RssSample = Readonly<{ at: number; process: string; mib: number }>;

/** Samples the resident set size of each process every `intervalMs` until stopped. */
export const sampleRss = (processes: readonly RoleProcess[], intervalMs: number) => {
  const samples: RssSample[] = [];
  const started = performance.now();
  const timer = setInterval(() => {
    for (const child of processes) {
      const mib = child.rssMiB();
      if (mib !== undefined)
        samples.push({ at: performance.now() - started, process: child.options.name, mib });
    }
  }, intervalMs);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
};

const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Mean RSS of one process in [fromMs, toMs). */
export const meanRss = (samples: readonly RssSample[], name: string, fromMs: number, toMs: number): number =>
  mean(samples.filter((s) => s.process === name && s.at >= fromMs && s.at < toMs).map((s) => s.mib));

/** Least-squares slope of a process's RSS over [fromMs, toMs), in MiB per minute. */
export const rssSlope = (
  samples: readonly RssSample[],
  name: string,
  fromMs: number,
  toMs: number,
): number => {
  const points = samples.filter((s) => s.process === name && s.at >= fromMs && s.at < toMs);
  const x = mean(points.map((p) => p.at / 60_000));
  const y = mean(points.map((p) => p.mib));
  const covariance = points.reduce((sum, p) => sum + (p.at / 60_000 - x) * (p.mib - y), 0);
  const variance = points.reduce((sum, p) => sum + (p.at / 60_000 - x) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
};
