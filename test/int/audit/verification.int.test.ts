import { randomUUID } from 'node:crypto';
import { computeEventHash } from '../../../src/application/audit/hashChain';
import { verifyStore, type VerificationProgress } from '../../../src/application/audit/verifyStore';
import { verifyStream } from '../../../src/application/audit/verifyStream';
import { createCommandHandler } from '../../../src/application/commands/handleCommand';
import { walletDecider } from '../../../src/domain/wallet/decide';
import { walletStream } from '../../../src/domain/wallet/streams';
import { checkPostgresChains } from '../../../src/infrastructure/audit/postgresChainCheck';
import { createPool } from '../../../src/infrastructure/db/postgres';
import { silentProgress, verifyAudit } from '../../../src/infrastructure/audit/verifyAuditCommand';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { untilAllVisible } from '../../support/audit/visibility';
import { createTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
let store: PostgresEventStore;

const topUps = async (userId: string, count: number): Promise<void> => {
  const handler = createCommandHandler({ store, ids: { newId: randomUUID }, conflictRetries: 5 });
  for (let index = 0; index < count; index += 1) {
    const data = {
      userId,
      amountMinor: 100 + index,
      currency: 'EUR',
      externalReference: `ref-${index}`,
      now: '2026-11-24T12:00:00.000Z',
    };
    await handler.handle(
      walletDecider,
      walletStream(userId),
      { type: 'TopUp', data },
      { correlationId: randomUUID(), userId },
    );
  }
};

const eventAt = async (streamName: string, revision: number) => {
  const [event] = await store.readStream(streamName, { fromRevision: BigInt(revision), maxCount: 1 });
  if (event === undefined) throw new Error(`no revision ${revision} in ${streamName}`);
  return event;
};

const users = [randomUUID(), randomUUID(), randomUUID()];

const sqlVerification = () => (onProgress: (progress: VerificationProgress) => void) =>
  checkPostgresChains(database.pool, { onProgress });

/** Deletes an event; the returned function puts it back as it was. */
const removeEvent = async (eventId: string): Promise<() => Promise<void>> => {
  const { rows } = await database.pool.query<{ row: unknown }>(
    'delete from events where event_id = $1 returning row_to_json(events) as row',
    [eventId],
  );
  return async () => {
    await database.pool.query(
      'insert into events overriding system value select * from json_populate_record(null::events, $1::json)',
      [JSON.stringify(rows[0]?.row)],
    );
  };
};

/** Puts an altered event back as it was stored. */
const restore = async (event: Awaited<ReturnType<typeof eventAt>>): Promise<void> => {
  await database.pool.query('update events set data = $2::jsonb, metadata = $3::jsonb where event_id = $1', [
    event.id,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ]);
};

beforeAll(async () => {
  database = await createTestDatabase();
  store = new PostgresEventStore(database.pool);
  for (const userId of users) await topUps(userId, 6);
  await untilAllVisible(store, database.pool);
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

describe('hash-chain verification', () => {
  it('finds every chain intact and reports progress up to the total', async () => {
    const steps: VerificationProgress[] = [];
    const result = await verifyStore(store, {
      pageSize: 5,
      countEvents: () => Promise.resolve(18),
      onProgress: (step) => steps.push(step),
    });
    expect(result).toEqual({ ok: true, eventsChecked: 18, streamsChecked: 3, brokenLink: null });
    expect(steps.map((step) => step.eventsDone)).toEqual([5, 10, 15, 18]);
    expect(steps.every((step) => step.eventsTotal === 18)).toBe(true);
    await expect(verifyStream(store, walletStream(users[0]!))).resolves.toMatchObject({
      ok: true,
      eventsChecked: 6,
      lastRevision: '5',
    });
  });

  it('checks every chain in SQL on two connections, a range at a time, with progress to the total', async () => {
    const steps: VerificationProgress[] = [];
    const result = await checkPostgresChains(database.pool, {
      chunkSize: 4,
      connections: 2,
      onProgress: (step) => steps.push(step),
    });
    expect(result).toEqual({ ok: true, eventsChecked: 18, streamsChecked: 3, brokenLink: null });
    expect(steps.at(-1)).toEqual({ eventsDone: 18, eventsTotal: 18 });
    expect(steps.length).toBeGreaterThanOrEqual(4);
  });

  it('asks the pool for no more connections than it holds', async () => {
    const small = createPool({ ...database.settings, poolSize: 2 });
    try {
      await expect(checkPostgresChains(small, { connections: 16, chunkSize: 5 })).resolves.toMatchObject({
        ok: true,
        eventsChecked: 18,
      });
    } finally {
      await small.end();
    }
  });

  it('makes verify-audit print the verdict and exit 0 while every chain holds', async () => {
    const printed: string[] = [];
    const verify = sqlVerification();
    await expect(verifyAudit(verify, silentProgress, (line) => printed.push(line))).resolves.toBe(0);
    expect(printed).toEqual([expect.stringMatching(/^Hash chains intact: 18 events in 3 streams/)]);
  });

  it('fails at exactly the event whose data was altered in Postgres', async () => {
    const streamName = walletStream(users[1]!);
    const target = await eventAt(streamName, 3);
    await database.pool.query(
      `update events set data = jsonb_set(data, '{amountMinor}', '999999') where event_id = $1`,
      [target.id],
    );

    const whole = await verifyStore(store, { pageSize: 4 });
    expect(whole.ok).toBe(false);
    await expect(checkPostgresChains(database.pool, { chunkSize: 4 })).resolves.toMatchObject({
      ok: false,
      brokenLink: whole.brokenLink,
    });
    expect(whole.brokenLink).toMatchObject({
      streamName,
      revision: '3',
      eventId: target.id,
      reason: 'hash_mismatch',
      found: target.metadata.hash,
    });
    expect(whole.brokenLink?.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(whole.brokenLink?.expected).not.toBe(target.metadata.hash);

    const single = await verifyStream(store, streamName);
    expect(single).toMatchObject({ ok: false, eventsChecked: 4, brokenLink: whole.brokenLink });

    const printed: string[] = [];
    await expect(verifyAudit(sqlVerification(), silentProgress, (line) => printed.push(line))).resolves.toBe(
      1,
    );
    expect(printed.join('\n')).toContain(target.id);
    await restore(target);
  });

  it('fails at the next event when the forger also recomputed the altered event hash', async () => {
    const streamName = walletStream(users[2]!);
    const target = await eventAt(streamName, 1);
    const data = { ...target.data, amountMinor: 1 };
    const forged = computeEventHash(String(target.metadata.prevHash), {
      type: target.type,
      data,
      metadata: target.metadata,
    });
    await database.pool.query(
      `update events set data = $2::jsonb, metadata = jsonb_set(metadata, '{hash}', to_jsonb($3::text)) where event_id = $1`,
      [target.id, JSON.stringify(data), forged],
    );
    const next = await eventAt(streamName, 2);
    const result = await verifyStream(store, streamName);
    expect(result.brokenLink).toMatchObject({
      revision: '2',
      eventId: next.id,
      reason: 'prev_hash_mismatch',
      expected: forged,
      found: target.metadata.hash,
    });
    await expect(checkPostgresChains(database.pool)).resolves.toMatchObject({
      brokenLink: result.brokenLink,
    });
    await restore(target);
  });

  it('notices a removed event', async () => {
    const userId = randomUUID();
    await topUps(userId, 3);
    const streamName = walletStream(userId);
    const putBack = await removeEvent((await eventAt(streamName, 1)).id);
    const result = await verifyStream(store, streamName);
    expect(result.brokenLink).toMatchObject({
      revision: '2',
      reason: 'missing_events',
      expected: 'revision 1',
    });
    await expect(checkPostgresChains(database.pool, { chunkSize: 3 })).resolves.toMatchObject({
      brokenLink: result.brokenLink,
    });
    await putBack();
    await expect(checkPostgresChains(database.pool)).resolves.toMatchObject({ ok: true });
  });

  it('notices a missing hash and a stream that starts after revision 0', async () => {
    const userId = randomUUID();
    await topUps(userId, 2);
    const streamName = walletStream(userId);
    const first = await eventAt(streamName, 0);
    await database.pool.query(`update events set metadata = metadata - 'hash' where event_id = $1`, [
      first.id,
    ]);
    await expect(checkPostgresChains(database.pool)).resolves.toMatchObject({
      brokenLink: { eventId: first.id, reason: 'missing_hash', found: null },
    });
    await removeEvent(first.id);
    const second = await eventAt(streamName, 1);
    await expect(checkPostgresChains(database.pool)).resolves.toMatchObject({
      brokenLink: { eventId: second.id, reason: 'missing_events', expected: 'revision 0' },
    });
  });
});
