import { hostileRequest, type HostileRequest } from '../hostile/battery';
import { documentedExtras, ENDPOINTS, type Targets } from '../hostile/endpoints';
import { createTargets } from '../hostile/targets';
import { forgedAuthorizations } from '../hostile/tokens';
import { type Cluster, JWT_SECRET } from '../support/cluster';
import { call, type Reply } from '../support/http';
import type { ScenarioReport } from '../support/report';
import { type Scenario, withCluster } from './scenario';

type Answer = Readonly<{ request: HostileRequest; reply: Reply }>;

/** fetch itself refuses some requests (a header it will not send): those never reached the server. */
const NOT_SENT = /invalid header|cannot have body|failed to parse url|invalid url|headers\.|bytestring/i;

const fire = async (
  baseUrl: string,
  requests: readonly HostileRequest[],
  concurrency: number,
): Promise<Answer[]> => {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < requests.length; index = next++) {
      const request = requests[index] as HostileRequest;
      const options = {
        headers: request.headers,
        timeoutMs: 30_000,
        ...(request.body === undefined ? {} : { raw: request.body }),
      };
      answers.push({ request, reply: await call(baseUrl, request.method, request.path, options) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
};

const maxPosition = async (cluster: Cluster): Promise<string> =>
  (
    await cluster.database.pool.query<{ max: string | null }>(
      'select max(global_position) as max from events',
    )
  ).rows[0]?.max ?? '0';

/** Events appended after `since` whose correlation id (the request id) is not one of an accepted request. */
const eventsOfRejected = async (cluster: Cluster, since: string, accepted: ReadonlySet<string>) => {
  const { rows } = await cluster.database.pool.query<{ type: string; correlation: string | null }>(
    `select event_type as type, metadata->>'correlationId' as correlation from events where global_position > $1`,
    [since],
  );
  return {
    appended: rows.length,
    foreign: rows.filter((row) => row.correlation === null || !accepted.has(row.correlation)),
  };
};

const battery = (count: number, targets: Targets, document: unknown): HostileRequest[] => {
  const endpoints = [...ENDPOINTS, ...documentedExtras(document)];
  const forged = forgedAuthorizations(JWT_SECRET, targets.customer.userId);
  return Array.from({ length: count }, (_, index) => hostileRequest(index, endpoints, targets, forged));
};

const slowest = (answers: readonly Answer[]): string => {
  const totals = new Map<string, [number, number]>();
  for (const { request, reply } of answers) {
    const [ms, count] = totals.get(request.endpoint) ?? [0, 0];
    totals.set(request.endpoint, [ms + reply.ms, count + 1]);
  }
  return [...totals]
    .map(([endpoint, [ms, count]]) => [endpoint, ms / count] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([endpoint, mean]) => `${endpoint} ${mean.toFixed(0)}`)
    .join(', ');
};

const reportAnswers = (report: ScenarioReport, answers: readonly Answer[], seconds: number) => {
  const sent = answers.filter(({ reply }) => !(reply.status === 0 && NOT_SENT.test(reply.error ?? '')));
  const statuses = new Map<number, number>();
  for (const { reply } of sent) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  const perEndpoint = new Map<string, number>();
  for (const { request } of sent)
    perEndpoint.set(request.endpoint, (perEndpoint.get(request.endpoint) ?? 0) + 1);
  const failures = sent.filter(({ reply }) => reply.status >= 500 || reply.status === 0);
  const notProblem = sent.filter(
    ({ reply }) => reply.status >= 400 && !reply.contentType.startsWith('application/problem+json'),
  );
  report.figure('requests answered', sent.length);
  report.figure('refused by the client library (never sent)', answers.length - sent.length);
  report.figure('requests per second', sent.length / seconds);
  report.figure(
    'endpoints (fewest requests on one)',
    `${perEndpoint.size} (${Math.min(...perEndpoint.values())})`,
  );
  report.figure('slowest endpoints (mean ms)', slowest(sent));
  report.figure(
    'answers by status',
    [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', '),
  );
  report.check(
    'no answer ≥ 500 and no dropped connection',
    failures.length === 0,
    failures
      .slice(0, 3)
      .map(
        ({ request, reply }) =>
          `${request.endpoint} ${request.attack} → ${reply.status} ${reply.error ?? ''}`,
      )
      .join('; '),
  );
  report.check(
    'every 4xx is application/problem+json',
    notProblem.length === 0,
    notProblem
      .slice(0, 3)
      .map(
        ({ request, reply }) =>
          `${request.method} ${request.path.slice(0, 60)} → ${reply.status} ${reply.contentType}`,
      )
      .join('; '),
  );
  return new Set(
    sent.filter(({ reply }) => reply.status > 0 && reply.status < 400).map(({ request }) => request.id),
  );
};

export const hostileScenario: Scenario = {
  name: 'hostile',
  summary:
    'a generated battery of hostile requests over every endpoint: no 5xx, no event from a rejected request',
  run: (context, report) =>
    withCluster(
      context,
      report,
      async (cluster) => {
        const targets = await createTargets(cluster.apiUrl());
        const document = (await call(cluster.apiUrl(), 'GET', '/openapi.json')).body;
        const requests = battery(context.settings.hostileRequests, targets, document);
        const before = await maxPosition(cluster);
        const started = Date.now();
        const answers = await fire(cluster.apiUrl(), requests, 8);
        const accepted = reportAnswers(report, answers, (Date.now() - started) / 1000);
        const events = await eventsOfRejected(cluster, before, accepted);
        report.figure('accepted requests (2xx/3xx)', accepted.size);
        report.figure(
          'events appended during the battery (all by accepted requests)',
          events.appended - events.foreign.length,
        );
        report.check(
          'no event from a rejected request',
          events.foreign.length === 0,
          events.foreign
            .slice(0, 3)
            .map((row) => `${row.type} from ${row.correlation}`)
            .join('; '),
        );
        const ready = await call(cluster.apiUrl(), 'GET', '/readyz');
        report.check(
          'the API process is still up and ready',
          ready.status === 200 && cluster.process('api').pid !== undefined,
        );
      },
      { api: ['commands', 'queries'], projector: ['projector'] },
    ),
};
