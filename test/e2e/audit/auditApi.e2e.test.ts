import { randomUUID } from 'node:crypto';
import { positionToToken } from '../../../src/application/eventStore/position';
import { userDecider } from '../../../src/domain/identity/decide';
import { userStream } from '../../../src/domain/identity/streams';
import { walletStream } from '../../../src/domain/wallet/streams';
import { type AuditHarness, placeAndPay, startAuditHarness, topUp } from '../../support/audit/auditHarness';

let harness: AuditHarness;
let auditor: string;
const customerId = randomUUID();
const merchantId = randomUUID();
const NOW = '2026-05-04T10:00:00.000Z';

type EventJson = {
  eventId: string;
  type: string;
  streamName: string;
  revision: string;
  data: { amountMinor: number };
};

const eventsOf = (response: { body: { events: EventJson[] } }): EventJson[] => response.body.events;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const registerUser = async (userId: string, email: string) => {
  const context = { correlationId: randomUUID(), userId };
  const register = {
    userId,
    email,
    displayName: 'Jane',
    role: 'customer' as const,
    passwordHash: 'scrypt$secret-hash',
    now: NOW,
  };
  await harness.commands.handle(
    userDecider,
    userStream(userId),
    { type: 'RegisterUser', data: register },
    context,
  );
  const device = {
    userId,
    deviceId: 'phone-1',
    platform: 'ios' as const,
    pushToken: 'apns-token-0123456789abcdef',
    now: NOW,
  };
  await harness.commands.handle(
    userDecider,
    userStream(userId),
    { type: 'RegisterDevice', data: device },
    context,
  );
};

beforeAll(async () => {
  harness = await startAuditHarness();
  auditor = harness.tokenFor('auditor');
  for (const amountMinor of [100, 200, 300, 400, 500]) {
    await topUp(harness, customerId, amountMinor, NOW);
    await pause(5); // recordedAt of successive top-ups differ, for the as-of-instant replay
  }
  await registerUser(customerId, 'jane.doe@example.com');
  await harness.caughtUp();
});

afterAll(async () => {
  await harness.stop();
});

describe('who may audit', () => {
  const paths = [
    `/v1/audit/streams/${walletStream(customerId)}/events`,
    '/v1/audit/events',
    '/v1/audit/events/export',
    `/v1/audit/entities/wallet/${customerId}/state`,
    `/v1/audit/correlations/${randomUUID()}/events`,
    `/v1/audit/streams/${walletStream(customerId)}/verification`,
  ];

  it.each(paths)('refuses %s to a customer (403), an analyst (403) and the anonymous (401)', async (path) => {
    const customer = await harness.http().get(path).set('Authorization', harness.tokenFor('customer'));
    expect(customer.status).toBe(403);
    expect(customer.type).toBe('application/problem+json');
    expect((await harness.http().get(path).set('Authorization', harness.tokenFor('analyst'))).status).toBe(
      403,
    );
    expect((await harness.http().get(path)).status).toBe(401);
  });

  it('lets auditors and admins in', async () => {
    const path = `/v1/audit/streams/${walletStream(customerId)}/events`;
    expect((await harness.http().get(path).set('Authorization', auditor)).status).toBe(200);
    expect((await harness.http().get(path).set('Authorization', harness.tokenFor('admin'))).status).toBe(200);
  });
});

describe('a stream history', () => {
  it('pages by revision with who, when, correlation and causation', async () => {
    const path = `/v1/audit/streams/${walletStream(customerId)}/events`;
    const first = await harness.http().get(path).query({ limit: 2 }).set('Authorization', auditor);
    expect(first.status).toBe(200);
    expect(eventsOf(first).map((e: { revision: string }) => e.revision)).toEqual(['0', '1']);
    expect(first.body.nextRevision).toBe('2');
    const rest = await harness
      .http()
      .get(path)
      .query({ fromRevision: 2, limit: 10 })
      .set('Authorization', auditor);
    expect(eventsOf(rest).map((e: { data: { amountMinor: number } }) => e.data.amountMinor)).toEqual([
      300, 400, 500,
    ]);
    expect(rest.body.nextRevision).toBeNull();
    const event = first.body.events[1];
    expect(event.metadata).toMatchObject({
      userId: customerId,
      correlationId: expect.any(String),
      prevHash: first.body.events[0].metadata.hash,
    });
    expect(new Date(event.recordedAt).toISOString()).toBe(event.recordedAt);
    expect(event.position).toMatch(/^p1\./);
  });

  it('answers 404 for a stream that does not exist', async () => {
    const response = await harness
      .http()
      .get(`/v1/audit/streams/order-${randomUUID()}/events`)
      .set('Authorization', auditor);
    expect(response.status).toBe(404);
  });

  it('never shows a password hash, and masks e-mail addresses and push tokens', async () => {
    const response = await harness
      .http()
      .get(`/v1/audit/streams/${userStream(customerId)}/events`)
      .set('Authorization', auditor);
    const [registered, device] = response.body.events;
    expect(registered.type).toBe('UserRegistered');
    expect(registered.data).not.toHaveProperty('passwordHash');
    expect(registered.data.email).toBe('j***@example.com');
    expect(device.data.pushToken).toBe('***cdef');
    expect(JSON.stringify(response.body)).not.toContain('secret-hash');
  });
});

describe('all events by position', () => {
  it('pages through $all with an opaque cursor and a type filter', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const query = { types: 'WalletToppedUp', limit: 2, ...(cursor ? { after: cursor } : {}) };
      const page = await harness.http().get('/v1/audit/events').query(query).set('Authorization', auditor);
      expect(page.status).toBe(200);
      seen.push(
        ...eventsOf(page).map(
          (e: { type: string; data: { amountMinor: number } }) => `${e.type}:${e.data.amountMinor}`,
        ),
      );
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([100, 200, 300, 400, 500].map((amount) => `WalletToppedUp:${amount}`));
  });

  it('filters by time range', async () => {
    const future = await harness
      .http()
      .get('/v1/audit/events')
      .query({ since: '2999-01-01T00:00:00Z' })
      .set('Authorization', auditor);
    expect(future.body).toEqual({ events: [], nextCursor: null });
    const past = await harness
      .http()
      .get('/v1/audit/events')
      .query({ since: '2000-01-01T00:00:00Z', until: '2999-01-01T00:00:00Z' })
      .set('Authorization', auditor);
    expect(past.body.events.length).toBeGreaterThanOrEqual(7);
  });

  it('refuses a malformed cursor with a problem', async () => {
    const response = await harness
      .http()
      .get('/v1/audit/events')
      .query({ after: 'nope' })
      .set('Authorization', auditor);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
  });

  const exported = async (query: Record<string, string> = {}) => {
    const response = await harness
      .http()
      .get('/v1/audit/events/export')
      .query(query)
      .set('Authorization', auditor)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    const text = response.body as string;
    const lines =
      text === ''
        ? []
        : text
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as EventJson);
    return { response, text, lines };
  };

  it('exports a range as NDJSON, one redacted event per line', async () => {
    const { response, text, lines } = await exported();
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const all = await harness.store.readAll();
    expect(lines.map((line) => line.eventId)).toEqual(all.map((event) => event.id));
    expect(text).not.toContain('secret-hash');
  });

  it('exports exactly the positions after `after` up to `upTo`, of the types asked', async () => {
    const all = (await harness.store.readAll()).filter((event) => event.type === 'WalletToppedUp');
    const after = positionToToken(all[0]!.position);
    const upTo = positionToToken(all[2]!.position);
    const { lines } = await exported({ after, upTo, types: 'WalletToppedUp' });
    expect(lines.map((line) => line.data.amountMinor)).toEqual([200, 300]);
    expect((await exported({ since: '2999-01-01T00:00:00Z' })).lines).toEqual([]);
  });
});

describe('state as of', () => {
  it('replays a wallet up to a revision with the domain evolve', async () => {
    const response = await harness
      .http()
      .get(`/v1/audit/entities/wallet/${customerId}/state`)
      .query({ revision: 2 })
      .set('Authorization', auditor);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'wallet',
      revision: '2',
      eventsApplied: 3,
      state: { balanceMinor: 600, currency: 'EUR' },
    });
    expect(Object.keys(response.body.state.topUps)).toHaveLength(3);
  });

  it('replays up to an instant and says which revision it stopped at', async () => {
    const events = await harness.store.readStream(walletStream(customerId));
    const at = events[3]!.recordedAt.toISOString();
    const response = await harness
      .http()
      .get(`/v1/audit/entities/wallet/${customerId}/state`)
      .query({ at })
      .set('Authorization', auditor);
    expect(response.body).toMatchObject({ revision: '3', recordedAt: at, state: { balanceMinor: 1000 } });
    const before = await harness
      .http()
      .get(`/v1/audit/entities/wallet/${customerId}/state`)
      .query({ at: '2000-01-01T00:00:00Z' })
      .set('Authorization', auditor);
    expect(before.body).toMatchObject({ revision: null, eventsApplied: 0, state: { balanceMinor: 0 } });
  });

  it('replays a user without personal data in clear', async () => {
    const response = await harness
      .http()
      .get(`/v1/audit/entities/user/${customerId}/state`)
      .set('Authorization', auditor);
    expect(response.body.state).toMatchObject({
      status: 'registered',
      email: 'j***@example.com',
      devices: { 'phone-1': { pushToken: '***cdef', status: 'active' } },
    });
    expect(response.body.state).not.toHaveProperty('passwordHash');
  });

  it('refuses an unknown entity kind and a revision given with an instant', async () => {
    expect(
      (
        await harness
          .http()
          .get(`/v1/audit/entities/invoice/${customerId}/state`)
          .set('Authorization', auditor)
      ).status,
    ).toBe(400);
    const both = await harness
      .http()
      .get(`/v1/audit/entities/wallet/${customerId}/state`)
      .query({ revision: 1, at: NOW })
      .set('Authorization', auditor);
    expect(both.body.code).toBe('AUDIT.AS_OF_AMBIGUOUS');
  });
});

describe('everything one request caused', () => {
  it('traces a placed order through the order, the wallet and the payment process', async () => {
    const correlationId = randomUUID();
    const orderId = await placeAndPay(
      harness,
      { customerId, merchantId, sku: 'tea', quantity: 2, unitPriceMinor: 150, now: NOW },
      correlationId,
    );
    await harness.caughtUp();
    const response = await harness
      .http()
      .get(`/v1/audit/correlations/${correlationId}/events`)
      .set('Authorization', auditor);
    expect(response.status).toBe(200);
    const trace = eventsOf(response).map((e: { type: string; streamName: string }) => [e.type, e.streamName]);
    expect(trace).toEqual([
      ['OrderPlaced', `order-${orderId}`],
      ['WalletCharged', walletStream(customerId)],
      ['OrderPaid', `order-${orderId}`],
    ]);
    const [placed, charged, paid] = response.body.events;
    expect(charged.metadata).toMatchObject({ causationId: placed.eventId, userId: 'payment-process' });
    expect(paid.metadata.causationId).toBe(placed.eventId);
  });
});

describe('hash-chain verification over HTTP', () => {
  it('reports ok, then the first broken link once an event was altered in Postgres', async () => {
    const path = `/v1/audit/streams/${walletStream(customerId)}/verification`;
    const intact = await harness.http().get(path).set('Authorization', auditor);
    expect(intact.body).toMatchObject({ ok: true, brokenLink: null });
    const [target] = await harness.store.readStream(walletStream(customerId), {
      fromRevision: 4n,
      maxCount: 1,
    });
    await harness.database.pool.query(
      `update events set data = jsonb_set(data, '{amountMinor}', '5') where event_id = $1`,
      [target!.id],
    );
    const broken = await harness.http().get(path).set('Authorization', auditor);
    expect(broken.body).toMatchObject({
      ok: false,
      brokenLink: {
        streamName: walletStream(customerId),
        revision: '4',
        eventId: target!.id,
        reason: 'hash_mismatch',
        found: target!.metadata.hash,
      },
    });
  });
});
