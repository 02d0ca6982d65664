import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const escapeText = (text: string): string =>
  SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] ?? char) : text;

/** undefined and null become NULL, a Date its ISO time, objects JSON (for jsonb columns). */
const copyValue = (value: unknown): string => {
  if (value === undefined || value === null) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return escapeText(JSON.stringify(value));
};

/** A line of COPY's text format: the row's values in the order of the statement's columns. */
export const copyLine = (values: readonly unknown[]): string => {
  let line = copyValue(values[0]);
  for (let index = 1; index < values.length; index += 1) line += `\t${copyValue(values[index])}`;
  return `${line}\n`;
};

/** COPY lines of rows given as objects: per row, its values in the order of `columns`. */
export const copyLines = (
  columns: readonly string[],
  rows: readonly Readonly<Record<string, unknown>>[],
): string[] => rows.map((row) => copyLine(columns.map((column) => row[column])));

/** What knex's transaction client offers (typed `any` by knex). */
type TransactionClient = Readonly<{ acquireConnection: () => Promise<PoolClient> }>;

/**
 * Loads rows into `table` with COPY inside the caller's transaction: Postgres takes them several times
 * cheaper than an INSERT of the same rows (no array or JSON to unpack, rows written in bulk), and Node
 * builds a line of text per row instead of one array per column. COPY cannot skip conflicting rows, so
 * this serves tables known to hold none of them yet (a rebuild's fresh twins).
 */
export const copyRows = async (
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
): Promise<void> => {
  if (lines.length === 0) return;
  // The transaction's own connection (knex hands it out without taking another from the pool).
  const client = await (trx.client as TransactionClient).acquireConnection();
  const sql = trx.raw(`copy ?? (${columns.map(() => '??').join(', ')}) from stdin`, [table, ...columns]);
  await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(sql.toQuery())));
};
