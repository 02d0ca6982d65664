import '../support/setupEnv';
import { writeFileSync } from 'node:fs';
import { hostileScenario } from './scenarios/hostile';
import { killScenario } from './scenarios/kills';
import { loadScenario } from './scenarios/load';
import { postgresRestartScenario } from './scenarios/postgresRestart';
import { longTransactionScenario } from './scenarios/longTransaction';
import { rabbitRestartScenario } from './scenarios/rabbitRestart';
import type { Scenario } from './scenarios/scenario';
import { buildRoles } from './support/build';
import { passed, ScenarioReport, type ScenarioResult } from './support/report';
import { faultSettings } from './support/settings';

/** In this order; the Postgres restart disturbs everyone on the server, so it comes last. */
const SCENARIOS: readonly Scenario[] = [
  hostileScenario,
  killScenario,
  rabbitRestartScenario,
  longTransactionScenario,
  loadScenario,
  postgresRestartScenario,
];

const write = (line: string): void => void process.stdout.write(`${line}\n`);

const chosen = (names: readonly string[]): Scenario[] => {
  if (names.length === 0) return [...SCENARIOS];
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  }
  return SCENARIOS.filter((scenario) => names.includes(scenario.name));
};

/** `npm run test:faults [-- scenario...]`: exits 1 when any invariant failed or a scenario crashed. */
const main = async (): Promise<void> => {
  const scenarios = chosen(process.argv.slice(2));
  const settings = faultSettings();
  write(`building the roles (tsc to dist/.faults) ...`);
  const context = { settings, entry: buildRoles() };
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const report = new ScenarioReport(`${scenario.name}: ${scenario.summary}`);
    try {
      await scenario.run(context, report);
      results.push(report.result());
    } catch (error) {
      results.push(report.result(error));
    }
  }
  write('\n=== summary ===');
  for (const result of results) {
    write(`  ${passed(result) ? 'PASS' : 'FAIL'} ${result.scenario} (${result.seconds.toFixed(0)} s)`);
  }
  if (process.env.FAULTS_RESULTS_FILE)
    writeFileSync(process.env.FAULTS_RESULTS_FILE, JSON.stringify(results, null, 2));
  process.exitCode = results.every(passed) ? 0 : 1;
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
