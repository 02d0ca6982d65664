import type { ExpectedRevision } from '../../../application/eventStore/eventStore';

/**
 * The statements of the Postgres event store, shared with the benchmark's bare-SQL baseline so both run
 * exactly the same SQL. Each one is a named prepared statement: parsed and planned once per connection.
 */
export type Statement = Readonly<{ name: string; text: string }>;

// Qualified: ORDER BY must sort the xid8 column, not its text alias. The time travels as epoch
// milliseconds: pg's text parser for timestamptz (a regex per row) was a tenth of a catch-up's CPU. The
// metadata travels as text, parsed only when someone reads it (rows.ts).
const ENVELOPE =
  'ev.global_position, ev.transaction_id::text as transaction_id, ev.stream_name, ev.stream_revision, ev.event_id, ev.event_type, ev.data, ev.metadata::text as metadata_text, (extract(epoch from ev.recorded_at) * 1000)::float8 as recorded_at_ms';

/**
 * Claims the stream revisions, conditional on the expected revision: $1 stream, $3 event count, $4 the
 * exact expected revision. Returns the stream's new revision, or no row when the expectation fails.
 */
const STREAM_CLAIMS: Readonly<Record<'any' | 'no_stream' | 'stream_exists' | 'exact', string>> = {
  any: `insert into streams (stream_name, revision) values ($1, $3::bigint - 1)
        on conflict (stream_name) do update set revision = streams.revision + $3 returning revision`,
  no_stream: `insert into streams (stream_name, revision) values ($1, $3::bigint - 1)
              on conflict (stream_name) do nothing returning revision`,
  stream_exists: 'update streams set revision = revision + $3 where stream_name = $1 returning revision',
  exact: `update streams set revision = revision + $3 where stream_name = $1 and revision = $4::bigint
          returning revision`,
};

/**
 * One statement, hence one transaction without BEGIN/COMMIT round trips: the stream row claim, then a single
 * multi-row insert of $2, the events as one JSON array (serialized once, split by Postgres).
 */
const appendStatement = (kind: keyof typeof STREAM_CLAIMS): Statement => ({
  name: `orderly_es_append_${kind}`,
  text: `with claimed as (${STREAM_CLAIMS[kind]}),
    appended as (
      insert into events (stream_name, stream_revision, event_id, event_type, data, metadata)
      select $1, claimed.revision - $3 + e.ord, e.id, e.type, e.data, coalesce(e.metadata, '{}')
      from claimed,
        rows from (json_to_recordset($2::json) as (id uuid, type text, data jsonb, metadata jsonb))
          with ordinality as e(id, type, data, metadata, ord)
      order by e.ord
      returning global_position, transaction_id, stream_revision
    )
    select global_position, transaction_id::text as transaction_id, stream_revision
    from appended order by global_position desc limit 1`,
});

export const APPENDS = {
  any: appendStatement('any'),
  no_stream: appendStatement('no_stream'),
  stream_exists: appendStatement('stream_exists'),
  exact: appendStatement('exact'),
};

export const appendStatementFor = (expected: ExpectedRevision): Statement =>
  typeof expected === 'bigint' ? APPENDS.exact : APPENDS[expected];

/** Parameters of the append statement for these events. */
export const appendParameters = (
  streamName: string,
  eventsJson: string,
  count: number,
  expected: ExpectedRevision,
): unknown[] =>
  typeof expected === 'bigint'
    ? [streamName, eventsJson, count, expected.toString()]
    : [streamName, eventsJson, count];

export const STREAM_HEAD: Statement = {
  name: 'orderly_es_stream_head',
  text: `select s.revision, e.transaction_id::text as transaction_id, e.global_position
         from streams s join events e on e.stream_name = s.stream_name and e.stream_revision = s.revision
         where s.stream_name = $1`,
};

/**
 * Run only to explain a rejected append, so left unnamed: planned for its values at each run. A named one
 * could keep a plan made while the table was small, a sequential scan, however large the table grew.
 */
export const EVENTS_BY_ID_SQL = `select event_id, stream_name, stream_revision,
    transaction_id::text as transaction_id, global_position
  from events where event_id = any($1::uuid[])`;

/**
 * A stream's events from $2 on, at most $3, with the stream's head revision on every row (null: no such
 * stream). An empty range still yields one row, all of whose event columns are null, so a missing stream
 * costs no second round trip.
 */
const readStreamStatement = (direction: 'fwd' | 'bwd'): Statement => {
  const [comparison, order] = direction === 'fwd' ? ['>=', 'asc'] : ['<=', 'desc'];
  return {
    name: `orderly_es_read_stream_${direction}`,
    text: `select s.revision::text as stream_head, ev.*
      from (select $1::text as stream_name) wanted
      left join streams s on s.stream_name = wanted.stream_name
      left join lateral (
        select ${ENVELOPE} from events ev
        where ev.stream_name = wanted.stream_name and ev.stream_revision ${comparison} $2::bigint
        order by ev.stream_revision ${order} limit $3
      ) ev on true
      order by ev.stream_revision ${order}`,
  };
};

export const READ_STREAM = {
  forwards: readStreamStatement('fwd'),
  backwards: readStreamStatement('bwd'),
} as const satisfies Record<string, Statement>;

/**
 * Several streams forwards in one statement: $1 their names, $2 the first revision wanted of each, in the
 * same order. Each wanted stream yields at least one row, tagged with its index (from 1) in `wanted`:
 * `stream_head` null when the stream does not exist, the event columns null when it has no events there.
 * Both lookups are per wanted stream (the LIMIT keeps the planner from turning the head's into a join): a
 * plan cached while `streams` was small must not hash it whole on every read once it is large.
 */
export const READ_STREAMS: Statement = {
  name: 'orderly_es_read_streams',
  text: `select wanted.idx::int as wanted, s.revision::text as stream_head, ev.*
    from unnest($1::text[], $2::bigint[]) with ordinality as wanted(stream_name, from_revision, idx)
    left join lateral (
      select s.revision from streams s where s.stream_name = wanted.stream_name limit 1
    ) s on true
    left join lateral (
      select ${ENVELOPE} from events ev
      where ev.stream_name = wanted.stream_name and ev.stream_revision >= wanted.from_revision
      order by ev.stream_revision
    ) ev on true
    order by wanted.idx, ev.stream_revision`,
};

/** $4: event types (`= any`) or escaped LIKE patterns of stream prefixes (`like any`). */
export type FilterKind = 'none' | 'types' | 'prefixes';

const FILTER_CONDITIONS: Readonly<Record<FilterKind, string>> = {
  none: '',
  types: 'and ev.event_type = any($4::text[])',
  prefixes: 'and ev.stream_name like any($4::text[])',
};

/**
 * Evaluated once per statement: the xmin gate (every transaction older than it has ended, so no event can
 * later appear before what is returned) and whether committed events wait behind it. held_back compares
 * the newest transaction id with the gate: an index probe whatever the table's size was when the
 * connection cached this plan (an `exists (... >= xmin)` was planned as a sequential scan on a small table
 * and kept that plan as it grew).
 */
const GATE = `with gate as materialized (
      select snapshot.xmin,
        coalesce((select newest.transaction_id from events newest
                  order by newest.transaction_id desc limit 1) >= snapshot.xmin, false) as held_back
      from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) snapshot
    )`;

const AFTER_AND_BEFORE_GATE =
  '(ev.transaction_id, ev.global_position) > ($1::xid8, $2::bigint) and ev.transaction_id < gate.xmin';

/**
 * $all forwards, strictly after ($1 commit, $2 prepare), behind the xmin gate computed by this very
 * statement. Every row also carries the gate and whether committed events wait behind it (first row when
 * empty).
 */
const readAllForwards = (filter: FilterKind): Statement => ({
  name: `orderly_es_read_all_fwd_${filter}`,
  text: `${GATE}
    select gate.xmin::text as gate, gate.held_back, e.*
    from gate left join lateral (
      select ${ENVELOPE} from events ev
      where ${AFTER_AND_BEFORE_GATE} ${FILTER_CONDITIONS[filter]}
      order by ev.transaction_id, ev.global_position limit $3
    ) e on true`,
});

const readAllForwardsOfTypes = (count: number): Statement => {
  const branches = Array.from(
    { length: count },
    (_, index) => `(select ev.transaction_id as merge_transaction_id, ${ENVELOPE} from events ev
        where ev.event_type = $${index + 4} and ${AFTER_AND_BEFORE_GATE}
        order by ev.transaction_id, ev.global_position limit $3)`,
  );
  return {
    name: `orderly_es_read_all_fwd_types_${count}`,
    text: `${GATE}
    select gate.xmin::text as gate, gate.held_back, e.*
    from gate left join lateral (
      select * from (${branches.join(' union all ')}) merged
      order by merged.merge_transaction_id, merged.global_position limit $3
    ) e on true`,
  };
};

const typeStatements = new Map<number, Statement>();

/**
 * $all forwards like readAllForwards, of `count` event types given as $4, $5, ...: one ordered range of the
 * (event_type, transaction_id, global_position) index per type, merged (a Merge Append that stops at the
 * limit). `event_type = any($4)` let Postgres fetch every matching event, sort them all and keep the
 * first page: 0.6 s per 5,000-event page of a 150,000-event rebuild, whatever the table's statistics.
 */
export const readAllForwardsByTypes = (count: number): Statement => {
  const known = typeStatements.get(count);
  if (known !== undefined) return known;
  const statement = readAllForwardsOfTypes(count);
  typeStatements.set(count, statement);
  return statement;
};

const readAllBackwards = (filter: FilterKind): Statement => ({
  name: `orderly_es_read_all_bwd_${filter}`,
  text: `select ${ENVELOPE} from events ev
    where (ev.transaction_id, ev.global_position) < ($1::xid8, $2::bigint)
      and ev.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ${FILTER_CONDITIONS[filter]}
    order by ev.transaction_id desc, ev.global_position desc limit $3`,
});

const byFilter = (build: (filter: FilterKind) => Statement): Readonly<Record<FilterKind, Statement>> => ({
  none: build('none'),
  types: build('types'),
  prefixes: build('prefixes'),
});

export const READ_ALL = { forwards: byFilter(readAllForwards), backwards: byFilter(readAllBackwards) };

export const HEAD_POSITION: Statement = {
  name: 'orderly_es_head_position',
  text: `select ev.transaction_id::text as transaction_id, ev.global_position from events ev
         where ev.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         order by ev.transaction_id desc, ev.global_position desc limit 1`,
};

/**
 * Committed events at or beyond the xmin gate: visible to this statement, not yet to subscribers. The
 * first ones in $all order, at most $1 (a cap keeps a long stall cheap to report), with their times.
 */
const heldBackStatement = (filter: FilterKind): Statement => ({
  name: `orderly_es_held_back_${filter}`,
  text: `select count(*)::int as count, min(held.recorded_at) as oldest_recorded_at
    from (select ev.recorded_at from events ev
          where ev.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())
            ${FILTER_CONDITIONS[filter].replace('$4', '$2')}
          order by ev.transaction_id, ev.global_position limit $1) held`,
});

export const HELD_BACK = byFilter(heldBackStatement);
