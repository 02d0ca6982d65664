import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createPool } from '../../src/infrastructure/db/postgres';
import { appendParameters, appendStatementFor } from '../../src/infrastructure/eventstore/postgres/sql';
import { ORDERS_BY_ID } from '../../src/projections/orders/queries';

/**
 * The baselines the HTTP benchmarks compare with, in a process of their own like the server under test:
 * express and pg with nothing else (no auth, no validation, no logging, no metrics).
 *   GET  /hello            an empty route: what express alone costs here
 *   GET  /orders/:orderId  the order view's statement for one order per request
 *   POST /append           the event store's append statement for one event on a new stream
 */
const pool = createPool({
  url: process.env.DATABASE_URL as string,
  schema: process.env.DATABASE_SCHEMA as string,
  poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 20),
});

const app = express()
  .get('/hello', (_req, res) => {
    res.json({ ok: true });
  })
  .get('/orders/:orderId', async (req, res) => {
    const { rows } = await pool.query({ ...ORDERS_BY_ID, values: [[req.params.orderId]] });
    res.json(rows[0]);
  })
  .post('/append', express.json(), async (req, res) => {
    const event = { id: randomUUID(), type: 'WalletToppedUp', data: req.body as object, metadata: {} };
    await pool.query({
      ...appendStatementFor('no_stream'),
      values: appendParameters(`bench-${randomUUID()}`, JSON.stringify([event]), 1, 'no_stream'),
    });
    res.status(201).json({ ok: true });
  });

const server = createServer(app).listen(0, '127.0.0.1', () => {
  console.log(`Bare endpoints listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.end();
});
