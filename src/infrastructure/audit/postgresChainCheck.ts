import type { Pool, PoolClient } from 'pg';
import type { BrokenLink, BrokenLinkReason } from '../../application/audit/chainVerifier';
import type { StoreVerificationResult, VerificationProgress } from '../../application/audit/verifyStore';
import { positionToToken } from '../../application/eventStore/position';

/** hashChain.ts's computeEventHash in SQL: its payload is the text Postgres prints for this jsonb object. */
const RECOMPUTED_HASH = `pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
    coalesce(e.metadata ->> 'prevHash', '') || pg_catalog.jsonb_build_object(
      'data', e.data, 'metadata', e.metadata - 'hash', 'type', e.event_type)::text,
    'UTF8')), 'hex')`;

/**
 * Each event beside its stream's previous revision, with the first of chainVerifier.ts's rules it breaks
 * (null when none). `pg_catalog.` pins the built-in functions: a function of the same name in the search
 * path cannot stand in for them.
 */
const checkedEvents = (extraColumns = '') => `
  select e.global_position, e.transaction_id, e.stream_name, e.stream_revision, e.event_id,
    e.metadata -> 'hash' as hash, e.metadata -> 'prevHash' as prev_hash, p.metadata -> 'hash' as previous_hash,
    case
      when pg_catalog.jsonb_typeof(e.metadata -> 'hash') is distinct from 'string' then 'missing_hash'
      when e.stream_revision > 0 and p.global_position is null then 'missing_events'
      when e.metadata -> 'prevHash' is distinct from
        (case when e.stream_revision = 0 then '""'::jsonb else p.metadata -> 'hash' end) then 'prev_hash_mismatch'
      when ${RECOMPUTED_HASH} <> e.metadata ->> 'hash' then 'hash_mismatch'
    end as reason${extraColumns}
  from events e
  left join events p on p.stream_name = e.stream_name and p.stream_revision = e.stream_revision - 1`;

const CHECK_RANGE = `
  select count(*)::int as events, (count(*) filter (where stream_revision = 0))::int as streams,
    min(global_position) filter (where reason is not null)::text as first_broken
  from (${checkedEvents()} where e.global_position >= $1 and e.global_position < $2) checked`;

const DESCRIBE_BROKEN = `
  select checked.*,
    (select coalesce(max(stream_revision) + 1, 0) from events
      where stream_name = checked.stream_name and stream_revision < checked.stream_revision)::text as due_revision
  from (${checkedEvents(`, ${RECOMPUTED_HASH} as due_hash`)} where e.global_position = $1) checked`;

type RangeRow = { events: number; streams: number; first_broken: string | null };

type BrokenRow = {
  global_position: string;
  transaction_id: string;
  stream_name: string;
  stream_revision: string;
  event_id: string;
  hash: unknown;
  prev_hash: unknown;
  previous_hash: unknown;
  reason: BrokenLinkReason;
  due_hash: string;
  due_revision: string;
};

const asText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const expectedAndFound = (row: BrokenRow): Pick<BrokenLink, 'expected' | 'found'> => {
  switch (row.reason) {
    case 'missing_hash':
      return { expected: '<a sha256 hex digest>', found: asText(row.hash) };
    case 'missing_events':
      return { expected: `revision ${row.due_revision}`, found: `revision ${row.stream_revision}` };
    case 'prev_hash_mismatch':
      return { expected: asText(row.previous_hash) ?? '', found: asText(row.prev_hash) };
    case 'hash_mismatch':
      return { expected: row.due_hash, found: asText(row.hash) };
  }
};

const describeBroken = async (client: PoolClient, position: string): Promise<BrokenLink> => {
  const { rows } = await client.query<BrokenRow>(DESCRIBE_BROKEN, [position]);
  const row = rows[0];
  if (row === undefined) throw new Error(`event at global position ${position} vanished during verification`);
  return {
    streamName: row.stream_name,
    revision: row.stream_revision,
    eventId: row.event_id,
    position: positionToToken({ commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) }),
    reason: row.reason,
    ...expectedAndFound(row),
  };
};

export type PostgresChainCheckOptions = Readonly<{
  /** Global positions per query: a progress step. */
  chunkSize?: number;
  /**
   * Queries at once, each on its own connection. Postgres does the hashing; on the 2-core machine of
   * docs/benchmarks.md one connection was faster than two, a bigger database server may differ.
   */
  connections?: number;
  onProgress?: (progress: VerificationProgress) => void;
}>;

type Snapshot = Readonly<{ id: string; from: bigint; to: bigint; total: number }>;

const beginReadOnly = (client: PoolClient) => client.query('begin isolation level repeatable read read only');

/** Opens the snapshot every connection verifies: the store as it stood when verification began. */
const exportSnapshot = async (client: PoolClient): Promise<Snapshot> => {
  await beginReadOnly(client);
  const { rows } = await client.query<{
    id: string;
    first: string | null;
    last: string | null;
    total: number;
  }>(
    `select pg_catalog.pg_export_snapshot() as id, min(global_position)::text as first,
       max(global_position)::text as last, count(*)::int as total from events`,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('no snapshot row');
  return { id: row.id, from: BigInt(row.first ?? 0), to: BigInt(row.last ?? -1) + 1n, total: row.total };
};

const joinSnapshot = async (client: PoolClient, snapshot: Snapshot): Promise<void> => {
  await beginReadOnly(client);
  await client.query(`set transaction snapshot '${snapshot.id.replace(/[^0-9A-F-]/gi, '')}'`);
};

/**
 * `count` connections, never more than the pool holds: asking for more while keeping the ones in hand would
 * wait forever. Those already taken go back if one cannot be had.
 */
const connect = async (pool: Pool, count: number): Promise<PoolClient[]> => {
  const clients: PoolClient[] = [];
  try {
    const wanted = Math.max(1, Math.min(count, pool.options.max ?? 10));
    while (clients.length < wanted) clients.push(await pool.connect());
    return clients;
  } catch (error) {
    for (const client of clients) client.release();
    throw error;
  }
};

/**
 * Verifies every hash chain of the Postgres store inside the database, a position range per query on
 * `connections` connections sharing one snapshot. Node only collects counts: recomputing the hashes in
 * Node cost 20 µs per event, most of it reading and re-serializing JSON. Reports the broken link with the
 * lowest global position.
 */
export const checkPostgresChains = async (
  pool: Pool,
  options: PostgresChainCheckOptions = {},
): Promise<StoreVerificationResult> => {
  const chunkSize = BigInt(options.chunkSize ?? 20_000);
  const clients = await connect(pool, options.connections ?? 1);
  try {
    const [first, ...others] = clients as [PoolClient, ...PoolClient[]];
    const snapshot = await exportSnapshot(first);
    await Promise.all(others.map((client) => joinSnapshot(client, snapshot)));
    let next = snapshot.from;
    let eventsDone = 0;
    let streams = 0;
    let firstBroken: bigint | undefined;
    let failed = false;
    const work = async (client: PoolClient): Promise<void> => {
      // A range past a broken link cannot hold the first one; ranges before it must still be checked.
      while (!failed && next < snapshot.to && (firstBroken === undefined || next < firstBroken)) {
        const from = next;
        next += chunkSize;
        const { rows } = await client.query<RangeRow>(CHECK_RANGE, [
          from.toString(),
          (from + chunkSize).toString(),
        ]);
        const row = rows[0] ?? { events: 0, streams: 0, first_broken: null };
        eventsDone += row.events;
        streams += row.streams;
        const broken = row.first_broken === null ? undefined : BigInt(row.first_broken);
        if (broken !== undefined && (firstBroken === undefined || broken < firstBroken)) firstBroken = broken;
        options.onProgress?.({ eventsDone, eventsTotal: snapshot.total });
      }
    };
    // Every worker has stopped before its connection goes back to the pool, also when one of them failed.
    const outcomes = await Promise.allSettled(
      clients.map((client) =>
        work(client).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    const brokenLink = firstBroken === undefined ? null : await describeBroken(first, firstBroken.toString());
    return { ok: brokenLink === null, eventsChecked: eventsDone, streamsChecked: streams, brokenLink };
  } finally {
    const end = (client: PoolClient) =>
      client.query('rollback').then(
        () => client.release(),
        (error: Error) => client.release(error),
      );
    await Promise.all(clients.map(end));
  }
};
