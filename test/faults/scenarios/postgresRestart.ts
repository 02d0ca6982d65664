import { verifyNothingLost } from '../checks/verify';
import { latencyFigures } from '../load/latency';
import { reportLoad } from '../load/loadFigures';
import { describeSamples, type Sample, startBackgroundLoad } from '../load/loadGenerator';
import { createWorld } from '../load/world';
import type { Cluster } from '../support/cluster';
import { call } from '../support/http';
import { postgres, type Readiness, readiness } from '../support/outages';
import type { ScenarioReport } from '../support/report';
import { sleep, waitFor } from '../support/waitFor';
import { type Scenario, withCluster } from './scenario';

/** An answer slower than this while the database is down is not failing fast. */
const FAST_MS = 5000;

const readinessOfAll = async (cluster: Cluster): Promise<[string, Readiness][]> =>
  Promise.all(
    Object.values(cluster.processes).map(
      async (child) => [child.options.name, await readiness(child.url)] as [string, Readiness],
    ),
  );

const reportOutage = (
  report: ScenarioReport,
  during: readonly Sample[],
  ready: readonly [string, Readiness][],
) => {
  const wrong = during.filter(
    (s) => s.status !== 503 || !s.contentType.startsWith('application/problem+json'),
  );
  const slow = during.filter((s) => s.ms > FAST_MS);
  const latency = latencyFigures(during.map((s) => s.ms));
  report.figure('requests while Postgres was down', during.length);
  report.figure(
    'their latency p50 / p99 / max (ms)',
    `${latency.p50.toFixed(1)} / ${latency.p99.toFixed(1)} / ${latency.max.toFixed(1)}`,
  );
  report.check(
    'every request while down got 503 application/problem+json',
    during.length > 0 && wrong.length === 0,
    `${wrong.length} others: ${describeSamples(wrong)}`,
  );
  report.check(
    `every request while down was answered within ${FAST_MS} ms`,
    slow.length === 0,
    `${slow.length} slower`,
  );
  const notNaming = ready.filter(([, r]) => r.status !== 503 || !r.failed.includes('postgres'));
  report.check(
    'every process /readyz answered 503 naming postgres',
    notNaming.length === 0,
    notNaming.map(([name, r]) => `${name} ${r.status} [${r.failed.join(', ')}]`).join('; '),
  );
};

/**
 * The database restarts under load: requests fail fast with 503 problem+json while it is down, every process
 * recovers by itself (none is restarted), and nothing is half-written or lost.
 */
export const postgresRestartScenario: Scenario = {
  name: 'postgres',
  summary:
    'Postgres stopped and started under load: fast 503s, recovery without restarts, nothing half-written',
  run: (context, report) =>
    withCluster(context, report, async (cluster) => {
      const { settings } = context;
      const world = await createWorld(cluster.apiUrl(), cluster.database.pool, settings);
      const load = startBackgroundLoad({ baseUrl: cluster.apiUrl, world, ...settings });
      await sleep(10_000);
      let down = 0;
      let up = 0;
      let ready: [string, Readiness][] = [];
      try {
        // The outage starts once the server is down: while a fast shutdown runs, queries already sent on
        // open sessions may still complete, so requests of those first moments can succeed.
        report.figure('pg_ctlcluster stop (s)', await postgres.stop());
        down = load.elapsed();
        await sleep(settings.outageSeconds * 1000);
        ready = await readinessOfAll(cluster);
        up = load.elapsed();
      } finally {
        report.figure('pg_ctlcluster start (s)', await postgres.start()); // shared server: always back
      }
      const restarted = load.elapsed();
      const recovered = await waitFor(
        'the API to write again',
        120_000,
        async () =>
          (
            await call(cluster.apiUrl(), 'POST', '/v1/wallet/top-ups', {
              token: world.customers[0]?.token,
              json: { amountMinor: 100, externalReference: `probe-${Date.now()}` },
            })
          ).status === 201,
        200,
      );
      report.figure('seconds from start until a command succeeded again', recovered / 1000);
      await sleep(15_000);
      const samples = await load.stop();
      reportOutage(
        report,
        samples.filter((s) => s.at >= down && s.at + s.ms <= up),
        ready,
      );
      const outside = samples.filter((s) => s.at + s.ms < down - 2000 || s.at > restarted + recovered + 2000);
      const serverErrors = reportLoad(report, outside, (samples.at(-1)?.at ?? 1000) / 1000);
      report.check(
        'no failure before the outage or after recovery',
        serverErrors.length === 0,
        describeSamples(serverErrors),
      );
      const dead = Object.values(cluster.processes).filter(
        (child) => child.starts !== 1 || child.pid === undefined,
      );
      report.check(
        'every process recovered by itself (none restarted or dead)',
        dead.length === 0,
        dead.map((child) => child.options.name).join(', '),
      );
      await verifyNothingLost(report, cluster, world, settings);
    }),
};
