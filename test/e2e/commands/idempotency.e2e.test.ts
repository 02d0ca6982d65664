import { randomUUID } from 'node:crypto';
import {
  bearer,
  registerUser,
  type Session,
  startTestApp,
  storedEvents,
  type TestApp,
} from '../../support/testApp';

describe('Idempotency-Key', () => {
  let app: TestApp;
  let customer: Session;

  beforeAll(async () => {
    app = await startTestApp(['commands']);
    customer = await registerUser(app);
  });
  afterAll(() => app.stop());

  const topUp = (key: string, amountMinor: number, externalReference: string) =>
    app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .set('Idempotency-Key', key)
      .send({ amountMinor, externalReference });

  const walletEvents = async () =>
    (await storedEvents(app)).filter((event) => event.stream_name === `wallet-${customer.userId}`);

  it('replays the stored answer to a sequential retry and appends once', async () => {
    const key = randomUUID();
    const reference = randomUUID();
    const before = (await walletEvents()).length;
    const first = await topUp(key, 1_000, reference);
    const retry = await topUp(key, 1_000, reference);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect((await walletEvents()).length - before).toBe(1);
  });

  it('appends once when duplicates arrive at the same time', async () => {
    const key = randomUUID();
    const before = (await walletEvents()).length;
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => topUp(key, 500, 'same-reference-' + key)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    for (const response of responses) expect(response.body).toEqual(responses[0]!.body);
    // The top-up itself is idempotent by reference; the key's own work shows in who ran and who replayed.
    const replayed = responses.filter((response) => response.headers['idempotent-replayed'] === 'true');
    expect(replayed).toHaveLength(7);
    expect((await walletEvents()).length - before).toBe(1);
  });

  it('refuses the same key with another body (422) and appends nothing', async () => {
    const key = randomUUID();
    await topUp(key, 100, randomUUID());
    const before = (await walletEvents()).length;
    const other = await topUp(key, 999, randomUUID());
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect((await walletEvents()).length).toBe(before);
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const key = randomUUID();
    const someoneElse = await registerUser(app);
    await topUp(key, 100, randomUUID());
    const theirs = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(someoneElse))
      .set('Idempotency-Key', key)
      .send({ amountMinor: 100, externalReference: randomUUID() });
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays a stored client error too, and expires keys after the configured time', async () => {
    const key = randomUUID();
    const invalid = await topUp(key, -1, randomUUID());
    expect(invalid.status).toBe(400);
    await app.database
      .knex('idempotency_keys')
      .update({ expires_at: new Date(Date.now() - 1000) })
      .where({ key });
    const reference = randomUUID();
    const fresh = await topUp(key, 100, reference);
    expect(fresh.status).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
  });
});
