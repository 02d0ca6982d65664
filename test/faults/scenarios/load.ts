import { verifyNothingLost } from '../checks/verify';
import { latenciesBetween, latencyFigures } from '../load/latency';
import { reportLoad } from '../load/loadFigures';
import { describeSamples, LoadGenerator, type Sample } from '../load/loadGenerator';
import { sampleMemory } from '../load/memory';
import { reportMemory } from '../load/memoryChecks';
import { createWorld } from '../load/world';
import type { ScenarioReport } from '../support/report';
import { type Scenario, withCluster } from './scenario';

/**
 * Windows of the run: warm-up excluded (`maxWarmUpMs`, or a `warmUpShare` of a short run), then the first
 * and the last minute (shorter for short runs).
 */
const windowsOf = (seconds: number, maxWarmUpMs = 30_000, warmUpShare = 0.1) => {
  const warmUp = Math.min(maxWarmUpMs, seconds * 1000 * warmUpShare);
  const length = Math.min(60_000, (seconds * 1000 - warmUp) / 3);
  return {
    warmUp,
    first: [warmUp, warmUp + length] as const,
    last: [seconds * 1000 - length, seconds * 1000] as const,
  };
};

const reportLatency = (report: ScenarioReport, samples: readonly Sample[], seconds: number) => {
  const { first, last } = windowsOf(seconds);
  const firstLatency = latencyFigures(latenciesBetween(samples, ...first));
  const lastLatency = latencyFigures(latenciesBetween(samples, ...last));
  const minutes = Array.from({ length: Math.ceil(seconds / 60) }, (_, minute) =>
    latencyFigures(latenciesBetween(samples, minute * 60_000, (minute + 1) * 60_000)).p99.toFixed(0),
  );
  report.figure('p99 per minute (ms)', minutes.join(', '));
  report.figure(
    'first window p50 / p99 (ms)',
    `${firstLatency.p50.toFixed(1)} / ${firstLatency.p99.toFixed(1)}`,
  );
  report.figure(
    'last window p50 / p99 (ms)',
    `${lastLatency.p50.toFixed(1)} / ${lastLatency.p99.toFixed(1)}`,
  );
  report.check(
    'p99 of the last window within 2× the first',
    lastLatency.p99 <= 2 * firstLatency.p99,
    `${lastLatency.p99.toFixed(1)} ms vs ${firstLatency.p99.toFixed(1)} ms`,
  );
};

/**
 * Memory is compared after a longer warm-up than latency: a process's heap grows to its working size while
 * the traffic reaches it (the notifier's, behind the publisher, took about a minute: heap total 99 → 156
 * MiB, then flat, with the post-GC heap flat throughout), and that growth is not a leak.
 */
const memoryWindowsOf = (seconds: number) => windowsOf(seconds, 60_000, 0.2);

export const loadScenario: Scenario = {
  name: 'load',
  summary: 'sustained mixed traffic (FAULTS_LOAD_SECONDS): memory flat, p99 steady, nothing lost',
  run: (context, report) =>
    withCluster(context, report, async (cluster) => {
      const { settings } = context;
      const world = await createWorld(cluster.apiUrl(), cluster.database.pool, settings);
      const processes = Object.values(cluster.processes);
      const memory = sampleMemory(processes, 5000);
      const load = new LoadGenerator({
        baseUrl: cluster.apiUrl,
        world,
        ...settings,
        maxSeconds: settings.loadSeconds,
      });
      const samples = await load.run();
      memory.stop();
      const seconds = settings.loadSeconds;
      const serverErrors = reportLoad(report, samples, seconds);
      report.check(
        'no answer ≥ 500 under sustained load',
        serverErrors.length === 0,
        describeSamples(serverErrors),
      );
      reportLatency(report, samples, seconds);
      const names = processes.map((child) => child.options.name);
      reportMemory(report, memory.samples, names, memoryWindowsOf(seconds), seconds * 1000);
      await verifyNothingLost(report, cluster, world, settings);
    }),
};
