import { Client } from 'pg';
import { verifyNothingLost } from '../checks/verify';
import { login } from '../hostile/targets';
import { reportLoad } from '../load/loadFigures';
import { describeSamples, startBackgroundLoad } from '../load/loadGenerator';
import { createWorld } from '../load/world';
import { ADMIN, type Cluster } from '../support/cluster';
import { call, field } from '../support/http';
import { largest, scrape } from '../support/metrics';
import type { ScenarioReport } from '../support/report';
import { sleep, waitFor } from '../support/waitFor';
import { type Scenario, withCluster } from './scenario';

/** Committed order events up to a position that the orders projection has not applied (ungated count). */
const WAITING = `
  select count(*) as n from events e, projection_checkpoints c
   where c.name = 'orders' and e.event_type = any(c.event_types)
     and (e.transaction_id::text::numeric, e.global_position) > (coalesce(c.commit_position, -1), coalesce(c.prepare_position, -1))
     and (e.transaction_id::text::numeric, e.global_position) <= ($1::numeric, $2::bigint)`;

const NEWEST = `select transaction_id::text as commit, global_position::text as prepare
                  from events order by transaction_id desc, global_position desc limit 1`;

type Bound = readonly [string, string];
const UNBOUNDED: Bound = ['99999999999999999999', '9223372036854775807'];

const waitingEvents = async (cluster: Cluster, upTo: Bound = UNBOUNDED): Promise<number> =>
  Number((await cluster.database.pool.query<{ n: string }>(WAITING, [...upTo])).rows[0]?.n);

const newestCommitted = async (cluster: Cluster): Promise<Bound> => {
  const row = (await cluster.database.pool.query<{ commit: string; prepare: string }>(NEWEST)).rows[0];
  return row === undefined ? ['0', '0'] : [row.commit, row.prepare];
};

/** What an operator sees during the stall: the projector's metrics and the admin status endpoint. */
const observeStall = async (report: ScenarioReport, cluster: Cluster, openSeconds: number) => {
  const exposition = await scrape(cluster.process('projector').url);
  const age = largest(exposition, 'orderly_postgres_oldest_transaction_age_seconds');
  const lagMetric = largest(exposition, 'orderly_projection_lag_events');
  const admin = await login(cluster.apiUrl(), ADMIN.email, ADMIN.password);
  const status = await call(cluster.apiUrl(), 'GET', '/v1/operations/projections', { token: admin.token });
  const items = field(status.body, 'items');
  const lags = Array.isArray(items) ? items.map((item) => Number(field(item, 'lagEvents'))) : [];
  const waiting = await waitingEvents(cluster);
  report.figure('order events committed but held back', waiting);
  report.figure('metric orderly_postgres_oldest_transaction_age_seconds', age ?? 'absent');
  report.figure('metric orderly_projection_lag_events (largest)', lagMetric ?? 'absent');
  report.figure(
    'status /v1/operations/projections lagEvents (largest)',
    lags.length === 0 ? `absent (HTTP ${status.status})` : Math.max(...lags),
  );
  report.check('subscribers stalled behind the open transaction', waiting > 0, `${waiting} waiting`);
  report.check(
    'the stall shows in orderly_postgres_oldest_transaction_age_seconds',
    (age ?? 0) >= openSeconds / 2,
    `${age ?? 'absent'} s after ${openSeconds.toFixed(1)} s open`,
  );
  report.check(
    'the stall shows in the projection lag metric',
    (lagMetric ?? 0) > 0,
    `${lagMetric ?? 'absent'}`,
  );
  report.check(
    'the stall shows in the projection status',
    lags.some((lag) => lag > 0),
    `lagEvents ${lags.join(', ')}`,
  );
};

/**
 * A transaction left open on the server holds back every subscriber (the xmin gate, DESIGN §4): they must
 * wait rather than skip, show the stall to operators, and resume without loss once it ends.
 */
export const longTransactionScenario: Scenario = {
  name: 'long-transaction',
  summary: 'a long-open transaction stalls subscribers visibly; they resume without loss when it ends',
  run: (context, report) =>
    withCluster(context, report, async (cluster) => {
      const { settings } = context;
      const world = await createWorld(cluster.apiUrl(), cluster.database.pool, settings);
      const load = startBackgroundLoad({ baseUrl: cluster.apiUrl, world, ...settings });
      await sleep(5000);
      const holder = new Client({
        connectionString: cluster.database.settings.url,
        application_name: 'faults-long-transaction',
      });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select pg_current_xact_id()'); // an xid: from now on it holds back the gate
        const opened = Date.now();
        await sleep(Math.max(5, settings.longTransactionSeconds - 3) * 1000);
        await observeStall(report, cluster, (Date.now() - opened) / 1000);
        await sleep(Math.max(0, settings.longTransactionSeconds * 1000 - (Date.now() - opened)));
        await holder.query('commit');
      } finally {
        await holder.end();
      }
      const heldBack = await newestCommitted(cluster);
      const resumed = await waitFor(
        'the orders projection to resume',
        120_000,
        async () => (await waitingEvents(cluster, heldBack)) === 0,
        100,
      );
      report.figure('seconds until the orders projection had applied them', resumed / 1000);
      await sleep(5000);
      const samples = await load.stop();
      const serverErrors = reportLoad(report, samples, (samples.at(-1)?.at ?? 1000) / 1000);
      report.check(
        'commands kept succeeding during the stall',
        serverErrors.length === 0,
        describeSamples(serverErrors),
      );
      await verifyNothingLost(report, cluster, world, settings);
    }),
};
