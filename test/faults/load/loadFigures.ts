import type { ScenarioReport } from '../support/report';
import { latencyFigures } from './latency';
import { describeSamples, type Sample, summarize } from './loadGenerator';

/** Prints what the load generator sent and got; returns the server errors for the scenario to judge. */
export const reportLoad = (report: ScenarioReport, samples: readonly Sample[], seconds: number): Sample[] => {
  const summary = summarize(samples);
  const latency = latencyFigures(samples.map((sample) => sample.ms));
  report.figure('requests', summary.total);
  report.figure('requests per second', summary.total / Math.max(seconds, 1));
  report.figure('requests by operation', [...summary.byOperation].map(([op, n]) => `${op} ${n}`).join(', '));
  report.figure(
    'latency p50 / p99 / max (ms)',
    `${latency.p50.toFixed(1)} / ${latency.p99.toFixed(1)} / ${latency.max.toFixed(1)}`,
  );
  report.figure('answers ≥ 500 or no answer', summary.serverErrors.length);
  report.check(
    'every answer was one the client expects',
    summary.unexpected.length === 0,
    `${summary.unexpected.length} unexpected: ${describeSamples(summary.unexpected)}`,
  );
  return summary.serverErrors;
};
