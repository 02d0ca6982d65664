import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMetrics } from '../../../src/infrastructure/observability/metrics';

type Dashboard = { panels: { title: string; targets: { expr: string }[] }[] };

describe('the Grafana dashboard in docs/', () => {
  const dashboard = JSON.parse(
    readFileSync(join(__dirname, '../../../docs/grafana-dashboard.json'), 'utf8'),
  ) as Dashboard;
  const exported = async () =>
    (await createMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name);

  it('queries only series the service exports', async () => {
    const names = new Set(await exported());
    const used = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) => target.expr.match(/\b(orderly|process|nodejs)_[a-z0-9_]+/g) ?? []),
    );
    const base = (series: string) => series.replace(/_(bucket|count|sum)$/, '');
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((series) => !names.has(base(series)))).toEqual([]);
  });

  it('charts every orderly_ series', async () => {
    const charted = JSON.stringify(dashboard);
    expect(
      (await exported()).filter((name) => name.startsWith('orderly_') && !charted.includes(name)),
    ).toEqual([]);
  });
});
