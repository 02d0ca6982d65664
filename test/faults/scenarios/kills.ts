import { verifyNothingLost } from '../checks/verify';
import { reportLoad } from '../load/loadFigures';
import { describeSamples, startBackgroundLoad } from '../load/loadGenerator';
import { createWorld } from '../load/world';
import type { ProcessName } from '../support/cluster';
import type { RoleProcess } from '../support/roleProcess';
import { randomBetween, sleep } from '../support/waitFor';
import type { Scenario } from './scenario';
import { withCluster } from './scenario';

const KILLED: readonly ProcessName[] = ['projector', 'processor', 'publisher'];

/** Lets the process work for a random while (sometimes barely started), then SIGKILLs and restarts it. */
const killRepeatedly = async (child: RoleProcess, kills: number): Promise<number[]> => {
  const restartSeconds: number[] = [];
  for (let kill = 0; kill < kills; kill += 1) {
    await sleep(Math.random() < 0.2 ? randomBetween(50, 300) : randomBetween(500, 3000));
    const started = Date.now();
    await child.restart();
    restartSeconds.push((Date.now() - started) / 1000);
  }
  return restartSeconds;
};

export const killScenario: Scenario = {
  name: 'kills',
  summary: 'kill -9 projector, processor and publisher at random moments under load; nothing lost',
  run: (context, report) =>
    withCluster(context, report, async (cluster) => {
      const { settings } = context;
      const world = await createWorld(cluster.apiUrl(), cluster.database.pool, settings);
      const started = Date.now();
      const load = startBackgroundLoad({ baseUrl: cluster.apiUrl, world, ...settings });
      const restarts = await Promise.all(
        KILLED.map((name) => killRepeatedly(cluster.process(name), settings.killsPerRole)),
      );
      const samples = await load.stop();
      const seconds = (Date.now() - started) / 1000;
      for (const [index, name] of KILLED.entries()) {
        const times = restarts[index] ?? [];
        report.figure(
          `${name} kills (mean restart s)`,
          `${cluster.process(name).kills} (${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)})`,
        );
      }
      report.figure('seconds under kills', seconds);
      const serverErrors = reportLoad(report, samples, seconds);
      report.check(
        'commands never failed while subscribers died',
        serverErrors.length === 0,
        describeSamples(serverErrors),
      );
      await verifyNothingLost(report, cluster, world, settings);
    }),
};
