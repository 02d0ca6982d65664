import '../test/support/setupEnv';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../src/infrastructure/eventstore/postgres/postgresEventStore';
import { createEventStoreDatabase } from '../test/int/eventstore/eventStoreDatabase';
(async () => {
  const db = await createEventStoreDatabase({ poolSize: 4 });
  const store = new PostgresEventStore(db.pool);
  await db.pool.query(`insert into events (stream_name, stream_revision, event_id, event_type, data, metadata) select 'f-'||(g/100), g%100, gen_random_uuid(), 'OrderPlaced', '{"orderId":"8f0e0d7e-1b1b-4b59-9b8b-8b5e0e6c8a11","merchantId":"8f0e0d7e-1b1b-4b59-9b8b-8b5e0e6c8a11","items":[{"sku":"SKU-1","quantity":2,"priceMinor":450},{"sku":"SKU-2","quantity":1,"priceMinor":1290}],"totalMinor":2190,"placedAt":"2026-11-25T00:00:00Z"}', '{"correlationId":"8f0e0d7e-1b1b-4b59-9b8b-8b5e0e6c8a11","causationId":"8f0e0d7e-1b1b-4b59-9b8b-8b5e0e6c8a11","userId":"8f0e0d7e-1b1b-4b59-9b8b-8b5e0e6c8a11","schemaVersion":1,"hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","prevHash":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}' from generate_series(0,199999) g`);
  await db.pool.query('analyze events');
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now(); const c0 = process.cpuUsage(); let n = 0; let from;
    for (;;) { const page = await store.readAll({ from, maxCount: 5000 }); if (page.length === 0) break; n += page.length; from = page.at(-1)!.position; }
    const c = process.cpuUsage(c0);
    console.log(n, Math.round(n / (performance.now() - t0) * 1000), 'events/s', ((c.user + c.system) / n).toFixed(2), 'µs cpu/event');
  }
  await store.close(); await db.drop();
})();
