import { Client, type Pool } from 'pg';
import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import { EventStoreUnavailableError } from '../../../src/application/eventStore/errors';
import { createPool } from '../../../src/infrastructure/db/postgres';
import { oldestOpenTransactionAgeSeconds } from '../../../src/infrastructure/eventstore/postgres/monitoring';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { type TestDatabase, testDatabaseUrl } from '../../support/database';
import { eventually, ids, newEvent } from './contractSupport';
import { createEventStoreDatabase } from './eventStoreDatabase';
import { TcpProxy } from '../../support/tcpProxy';

const until = async (condition: () => boolean): Promise<void> => {
  await eventually(
    () => Promise.resolve(condition()),
    (done) => done,
  );
};

describe('Postgres event store availability', () => {
  let database: TestDatabase;
  let direct: PostgresEventStore;
  let proxy: TcpProxy;
  let proxiedPool: Pool;
  const warnings: string[] = [];
  let proxied: PostgresEventStore;

  beforeAll(async () => {
    database = await createEventStoreDatabase();
    direct = new PostgresEventStore(database.pool);
    const target = new URL(testDatabaseUrl());
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    target.port = String(await proxy.start());
    proxiedPool = createPool({ ...database.settings, url: target.toString(), poolSize: 3 });
    proxiedPool.on('error', () => undefined); // idle connections cut by the proxy
    const logger = { warn: (_: object, message: string) => warnings.push(message), debug: () => undefined };
    proxied = new PostgresEventStore(proxiedPool, { logger, polling: { maxRetryDelayMs: 200 } });
  });

  afterAll(async () => {
    await proxied.close();
    await direct.close();
    await proxiedPool.end();
    await proxy.cut();
    await database.drop();
  });

  it('maps a lost database to EventStoreUnavailableError', async () => {
    await proxy.cut();
    try {
      await expect(proxied.appendToStream('down-1', [newEvent('Down')])).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(proxied.readStream('down-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(proxied.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(proxied.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await proxy.start();
    }
  });

  it('keeps a subscription going through an outage, without loss or duplicates', async () => {
    const before = [newEvent('Outaged'), newEvent('Outaged')];
    const during = [newEvent('Outaged'), newEvent('Outaged'), newEvent('Outaged')];
    await direct.appendToStream('outage-1', before);
    const received: RecordedEvent[] = [];
    const controller = new AbortController();
    const subscription = (async () => {
      const options = { filter: { eventTypes: ['Outaged'] }, signal: controller.signal };
      for await (const batch of proxied.subscribeToAll(options)) {
        received.push(...batch);
        if (received.length >= 5) break;
      }
    })();
    await until(() => received.length === 2);
    await proxy.cut();
    await direct.appendToStream('outage-1', during);
    await until(() => warnings.includes('event store: subscription read failed; retrying'));
    await proxy.start();
    const deadline = setTimeout(() => controller.abort(), 20_000);
    await subscription;
    clearTimeout(deadline);
    expect(ids(received)).toEqual(ids([...before, ...during]));
  });

  it('holds events back from $all readers while an older transaction is open', async () => {
    const older = await database.pool.connect();
    try {
      await older.query('begin');
      await older.query('select pg_current_xact_id()');
      const appended = await direct.appendToStream('held-1', [newEvent('Held')]);
      expect(ids(await direct.readStream('held-1'))).toHaveLength(1);
      expect(await direct.readAll({ filter: { streamPrefixes: ['held-'] } })).toEqual([]);
      expect(await oldestOpenTransactionAgeSeconds(database.pool)).toBeGreaterThan(0);
      await older.query('commit');
      const released = await eventually(
        () => direct.readAll({ filter: { streamPrefixes: ['held-'] } }),
        (events) => events.length === 1,
      );
      expect(released[0]!.position).toEqual(appended.position);
    } finally {
      older.release();
    }
  });

  it('announces appends on the schema’s channel after commit', async () => {
    const listener = new Client({ connectionString: testDatabaseUrl() });
    await listener.connect();
    try {
      const channels: string[] = [];
      listener.on('notification', (message) => channels.push(message.channel));
      await listener.query(`listen "orderly_events_${database.settings.schema}"`);
      await direct.appendToStream('announced-1', [newEvent('Announced')]);
      await until(() => channels.length > 0);
      expect(channels[0]).toBe(`orderly_events_${database.settings.schema}`);
    } finally {
      await listener.end();
    }
  });
});
