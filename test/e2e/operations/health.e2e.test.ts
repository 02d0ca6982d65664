import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { TcpProxy } from '../../support/tcpProxy';
import { bearer, registerUser, startTestApp, type TestApp } from '../../support/testApp';

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('health, readiness and metrics', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  let database: TestDatabase;

  beforeAll(async () => {
    proxy = new TcpProxy('127.0.0.1', 5432);
    await proxy.start();
    database = await createTestDatabase({ migrate: false });
    app = await startTestApp(['commands'], {
      DATABASE_URL: proxy.url(database.settings.url),
      DATABASE_SCHEMA: database.settings.schema,
      ANALYTICS_SCHEMA: database.analyticsSchema,
    });
  });
  afterAll(async () => {
    await app.stop();
    await database.drop();
    await proxy.cut();
  });

  it('answers /healthz and /readyz', async () => {
    expect((await app.http().get('/healthz')).status).toBe(200);
    const ready = await app.http().get('/readyz');
    expect(ready.status).toBe(200);
    expect((ready.body as { checks: { name: string }[] }).checks.map((check) => check.name)).toEqual([
      'postgres',
      'eventstore',
    ]);
  });

  it('turns 503 naming Postgres while it is unreachable, fails commands fast with 503, and recovers', async () => {
    const session = await registerUser(app);
    await proxy.cut();
    const notReady = await app.http().get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'postgres', ok: false })]),
    );
    const during = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(session))
      .send({ amountMinor: 100, externalReference: randomUUID() });
    expect(during.status).toBe(503);
    expect(during.headers['content-type']).toContain('application/problem+json');
    const keyed = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(session))
      .set('Idempotency-Key', randomUUID())
      .send({ amountMinor: 100, externalReference: randomUUID() });
    expect(keyed.status).toBe(503);
    expect(keyed.body.code).toBe('SERVICE.UNAVAILABLE');
    await proxy.start();
    await waitFor(async () => (await app.http().get('/readyz')).status === 200);
    const after = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(session))
      .send({ amountMinor: 100, externalReference: randomUUID() });
    expect(after.status).toBe(201);
  });

  it('exposes the named series on /metrics', async () => {
    const session = await registerUser(app);
    await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(session))
      .send({ amountMinor: 100, externalReference: randomUUID() });
    const metrics = await app.http().get('/metrics');
    expect(metrics.status).toBe(200);
    for (const series of [
      'orderly_http_request_duration_seconds_bucket{',
      'orderly_command_outcomes_total{command="POST /v1/wallet/top-ups",outcome="ok"}',
      'orderly_event_append_duration_seconds_count',
      'orderly_postgres_oldest_transaction_age_seconds',
      'orderly_projection_lag_events',
      'orderly_projection_lag_seconds',
      'orderly_projection_parked_events',
      'orderly_publisher_backlog_events',
      'orderly_heap_used_after_gc_bytes',
      'process_resident_memory_bytes',
    ]) {
      expect(metrics.text).toContain(series);
    }
  });
});

describe('graceful shutdown under load', () => {
  it('loses no accepted command', async () => {
    const app = await startTestApp(['commands']);
    const session = await registerUser(app);
    const references = Array.from({ length: 60 }, () => randomUUID());
    const sent = references.map((externalReference, index) =>
      new Promise((resolve) => setTimeout(resolve, index * 5)).then(() =>
        fetch(`${app.running.url}/v1/wallet/top-ups`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
          body: JSON.stringify({ amountMinor: 100, externalReference }),
        }).then(
          (response) => ({ externalReference, status: response.status }),
          () => ({ externalReference, status: 0 }),
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = app.running.stop();
    const results = await Promise.all(sent);
    await stopping;
    const accepted = results
      .filter((result) => result.status === 201)
      .map((result) => result.externalReference);
    const pool = app.database.pool;
    const { rows } = await pool.query<{ reference: string }>(
      "select data->>'externalReference' as reference from events where event_type = 'WalletToppedUp'",
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.reference)).toEqual(expect.arrayContaining(accepted));
    expect(results.every((result) => [201, 0, 503].includes(result.status))).toBe(true);
    await app.database.drop();
  });
});
