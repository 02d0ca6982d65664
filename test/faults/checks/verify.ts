import type { World } from '../load/world';
import type { Cluster } from '../support/cluster';
import { projectedReadModels } from '../support/projections';
import type { ScenarioReport } from '../support/report';
import type { FaultSettings } from '../support/settings';
import { allEvents } from './events';
import { checkIntegrity } from './integrity';
import { checkNotifications } from './notifications';
import { checkReadModels } from './readModels';
import { settle } from './settle';
import { checkWallets } from './wallets';

/** After the load: everything caught up, then nothing lost, nothing doubled, nothing half-written. */
export const verifyNothingLost = async (
  report: ScenarioReport,
  cluster: Cluster,
  world: World,
  settings: FaultSettings,
): Promise<void> => {
  const settled = await settle(cluster, settings.settleTimeoutSeconds);
  report.figure('seconds to settle after the load', settled.seconds);
  report.check('processor, projections, publisher and notifier caught up', settled.settled, settled.pending);
  const events = await allEvents(cluster.store);
  await checkIntegrity(report, cluster, events);
  await checkWallets(report, cluster, events, world);
  checkNotifications(report, events, world, cluster.receiver);
  await checkReadModels(report, cluster, projectedReadModels(cluster.database.analyticsSchema));
};
