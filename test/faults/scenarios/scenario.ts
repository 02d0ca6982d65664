import type { RoleName } from '../../../src/infrastructure/roles/role';
import { type Cluster, type ProcessName, SPLIT_LAYOUT, startCluster } from '../support/cluster';
import type { ScenarioReport } from '../support/report';
import type { FaultSettings } from '../support/settings';

export type ScenarioContext = Readonly<{ settings: FaultSettings; entry: string }>;

export type Scenario = Readonly<{
  name: string;
  summary: string;
  run: (context: ScenarioContext, report: ScenarioReport) => Promise<void>;
}>;

/** Runs `body` against a fresh cluster; keeps the schema and logs when something failed. */
export const withCluster = async (
  context: ScenarioContext,
  report: ScenarioReport,
  body: (cluster: Cluster) => Promise<void>,
  layout: Partial<Record<ProcessName, readonly RoleName[]>> = SPLIT_LAYOUT,
): Promise<void> => {
  const cluster = await startCluster(context.settings, context.entry, layout);
  report.note(`schema ${cluster.database.settings.schema}, logs in ${cluster.logDir}`);
  let threw = true;
  try {
    await body(cluster);
    threw = false;
  } finally {
    await cluster.teardown(threw || report.failed);
  }
};
