import { verifyNothingLost } from '../checks/verify';
import { reportLoad } from '../load/loadFigures';
import { describeSamples, startBackgroundLoad } from '../load/loadGenerator';
import { createWorld } from '../load/world';
import { rabbitmq, readiness } from '../support/outages';
import { sleep } from '../support/waitFor';
import { type Scenario, withCluster } from './scenario';

const WARM_UP_MS = 10_000;
const AFTER_MS = 15_000;

/**
 * The broker goes away under load (`rabbitmqctl stop_app`, then `start_app`). Commands never touch the broker,
 * so they must keep succeeding; publisher and notifier report it in /readyz and catch up by themselves.
 */
export const rabbitRestartScenario: Scenario = {
  name: 'rabbitmq',
  summary: 'RabbitMQ stopped and started under load: commands keep succeeding, no notification lost',
  run: (context, report) =>
    withCluster(context, report, async (cluster) => {
      const { settings } = context;
      const world = await createWorld(cluster.apiUrl(), cluster.database.pool, settings);
      const load = startBackgroundLoad({ baseUrl: cluster.apiUrl, world, ...settings });
      await sleep(WARM_UP_MS);
      const down = load.elapsed();
      let publisherDown, notifierDown;
      try {
        report.figure('rabbitmqctl stop_app (s)', await rabbitmq.stop());
        await sleep(settings.outageSeconds * 1000);
        publisherDown = await readiness(cluster.process('publisher').url);
        notifierDown = await readiness(cluster.process('notifier').url);
      } finally {
        report.figure('rabbitmqctl start_app (s)', await rabbitmq.start()); // the broker is shared: always back
      }
      const up = load.elapsed();
      await sleep(AFTER_MS);
      const samples = await load.stop();
      const during = samples.filter((sample) => sample.at >= down && sample.at <= up);
      const writes = during.filter((sample) => sample.operation !== 'view' && sample.status < 300);
      report.figure('broker unavailable, stop_app to start_app done (s)', (up - down) / 1000);
      report.figure(
        'requests while the broker was down (successful writes)',
        `${during.length} (${writes.length})`,
      );
      report.check(
        'publisher and notifier /readyz named rabbitmq while it was down',
        publisherDown.status === 503 &&
          publisherDown.failed.includes('rabbitmq') &&
          notifierDown.status === 503 &&
          notifierDown.failed.includes('rabbitmq'),
        `publisher ${publisherDown.status} [${publisherDown.failed.join(', ')}], notifier ${notifierDown.status} [${notifierDown.failed.join(', ')}]`,
      );
      const serverErrors = reportLoad(
        report,
        samples,
        samples.length === 0 ? 1 : (samples.at(-1)?.at ?? 0) / 1000,
      );
      report.check(
        'commands kept succeeding while the broker was down',
        serverErrors.length === 0 && writes.length > 0,
        `${writes.length} successful writes; ${describeSamples(serverErrors)}`,
      );
      await verifyNothingLost(report, cluster, world, settings);
    }),
};
