import type { Pool, PoolClient } from 'pg';
import type {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
} from '../../../application/eventStore/eventStore';
import { WrongExpectedVersionError } from '../../../application/eventStore/errors';
import { ConflictError, ValidationError } from '../../../domain/shared/errors';
import { isUniqueViolationOf } from './errors';
import { positionOf, START } from './rows';
import { appendParameters, appendStatementFor, EVENTS_BY_ID_SQL, STREAM_HEAD, type Statement } from './sql';

/** Runs on the append's connection after its insert, before COMMIT: tests use it to commit out of order. */
export type BeforeCommitHook = (client: PoolClient) => Promise<void>;

type AppendedRow = { global_position: string; transaction_id: string; stream_revision: string };
type StreamHead = { revision: bigint; result: AppendResult } | undefined;

const satisfies = (expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return expected === actual;
};

const runStatement = async (
  pool: Pool,
  statement: Statement,
  values: unknown[],
  beforeCommit: BeforeCommitHook | undefined,
): Promise<AppendedRow | undefined> => {
  if (beforeCommit === undefined) {
    return (await pool.query<AppendedRow>({ ...statement, values })).rows[0];
  }
  const client = await pool.connect();
  try {
    await client.query('begin');
    const row = (await client.query<AppendedRow>({ ...statement, values })).rows[0];
    await beforeCommit(client);
    await client.query('commit');
    return row;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

const readStreamHead = async (pool: Pool, streamName: string): Promise<StreamHead> => {
  const row = (
    await pool.query<{ revision: string; transaction_id: string; global_position: string }>({
      ...STREAM_HEAD,
      values: [streamName],
    })
  ).rows[0];
  if (row === undefined) return undefined;
  const revision = BigInt(row.revision);
  return { revision, result: { nextExpectedRevision: revision, position: positionOf(row) } };
};

type FoundRow = AppendedRow & { event_id: string; stream_name: string };

/** Rows found for the events, in their order, are what an append at `expected` to this stream wrote. */
const wereAppendedTogether = (
  rows: readonly (FoundRow | undefined)[],
  streamName: string,
  expected: ExpectedRevision,
): rows is FoundRow[] => {
  if (rows.some((row) => row === undefined || row.stream_name !== streamName)) return false;
  const start = BigInt(rows[0]!.stream_revision);
  if (!rows.every((row, index) => BigInt(row!.stream_revision) === start + BigInt(index))) return false;
  if (typeof expected === 'bigint') return start === expected + 1n;
  return expected !== 'no_stream' || start === 0n;
};

/** A re-append of events already written at the same expected revision is answered with the original result. */
const findIdempotentAppend = async (
  pool: Pool,
  streamName: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<AppendResult | undefined> => {
  const found = await pool.query<FoundRow>(EVENTS_BY_ID_SQL, [events.map((event) => event.id)]);
  const byId = new Map(found.rows.map((row) => [row.event_id, row]));
  const rows = events.map((event) => byId.get(event.id.toLowerCase()));
  if (!wereAppendedTogether(rows, streamName, expected)) return undefined;
  const last = rows[rows.length - 1]!;
  return { nextExpectedRevision: BigInt(last.stream_revision), position: positionOf(last) };
};

/** Nothing to write: the expectation is still checked, and the stream's head is the answer. */
const appendNothing = async (
  pool: Pool,
  streamName: string,
  expected: ExpectedRevision,
): Promise<AppendResult> => {
  const head = await readStreamHead(pool, streamName);
  const actual = head?.revision ?? 'no_stream';
  if (!satisfies(expected, actual)) throw new WrongExpectedVersionError(streamName, expected, actual);
  return head?.result ?? { nextExpectedRevision: -1n, position: START };
};

/** The claim failed or an id was taken: an idempotent re-append succeeds, anything else is a conflict. */
const explainRejectedAppend = async (
  pool: Pool,
  streamName: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  duplicateId: boolean,
): Promise<AppendResult> => {
  const original = await findIdempotentAppend(pool, streamName, events, expected);
  if (original !== undefined) return original;
  const head = await readStreamHead(pool, streamName);
  const actual = head?.revision ?? 'no_stream';
  if (duplicateId && satisfies(expected, actual)) {
    throw new ConflictError('EVENT.DUPLICATE_ID', `An event id appended to ${streamName} is already taken.`);
  }
  throw new WrongExpectedVersionError(streamName, expected, actual);
};

export const appendEvents = async (
  pool: Pool,
  streamName: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  beforeCommit?: BeforeCommitHook,
): Promise<AppendResult> => {
  if (events.length === 0) return appendNothing(pool, streamName, expected);
  const values = appendParameters(streamName, JSON.stringify(events), events.length, expected);
  let row: AppendedRow | undefined;
  try {
    row = await runStatement(pool, appendStatementFor(expected), values, beforeCommit);
  } catch (error) {
    if (isUniqueViolationOf(error, 'events_event_id_key')) {
      return explainRejectedAppend(pool, streamName, events, expected, true);
    }
    if ((error as { code?: unknown }).code === '22P02') {
      throw new ValidationError('EVENT.INVALID', `Events appended to ${streamName} need UUID ids.`);
    }
    throw error;
  }
  if (row === undefined) return explainRejectedAppend(pool, streamName, events, expected, false);
  return { nextExpectedRevision: BigInt(row.stream_revision), position: positionOf(row) };
};
