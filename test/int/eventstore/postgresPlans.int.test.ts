import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  APPENDS,
  HEAD_POSITION,
  HELD_BACK,
  READ_ALL,
  READ_STREAM,
  READ_STREAMS,
  readAllForwardsByTypes,
  STREAM_HEAD,
  type Statement,
} from '../../../src/infrastructure/eventstore/postgres/sql';
import type { TestDatabase } from '../../support/database';
import { createEventStoreDatabase } from './eventStoreDatabase';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

const scannedSequentially = (plan: PlanNode): string[] =>
  nodesOf(plan)
    .filter((node) => node['Node Type'] === 'Seq Scan')
    .map((node) => node['Relation Name'] ?? '?');

/** A forwards `$all` page must stream in index order: a Sort means every match was fetched first. */
const sorts = (plan: PlanNode): string[] =>
  nodesOf(plan)
    .filter((node) => node['Node Type'] === 'Sort')
    .map((node) => node['Node Type']);

const oneEvent = () => JSON.stringify([{ id: randomUUID(), type: 'Placed', data: { n: 1 } }]);

/** Every named statement with values it is run with; `$all` reads from the start, stream reads of one stream. */
const statements = (): [Statement, unknown[]][] => [
  [APPENDS.no_stream, ['plans-1', oneEvent(), 1]],
  [APPENDS.exact, ['plans-1', oneEvent(), 1, '0']],
  [APPENDS.any, ['plans-1', oneEvent(), 1]],
  [APPENDS.stream_exists, ['plans-1', oneEvent(), 1]],
  [STREAM_HEAD, ['plans-1']],
  [READ_STREAM.forwards, ['plans-1', '0', 100]],
  [READ_STREAM.backwards, ['plans-1', '100', 100]],
  [
    READ_STREAMS,
    [
      ['plans-1', 'grown-7'],
      ['0', '3'],
    ],
  ],
  [HEAD_POSITION, []],
  ...(['none', 'types', 'prefixes'] as const).flatMap((filter): [Statement, unknown[]][] => {
    const values = filter === 'none' ? [] : [filter === 'types' ? ['Placed'] : ['plans-%']];
    return [
      [READ_ALL.forwards[filter], ['0', '0', 100, ...values]],
      [READ_ALL.backwards[filter], ['99999999', '99999999', 100, ...values]],
      [HELD_BACK[filter], [100, ...values]],
    ];
  }),
  [readAllForwardsByTypes(1), ['0', '0', 100, 'Grown']],
  [readAllForwardsByTypes(3), ['0', '0', 100, 'Placed', 'Grown', 'Sized']],
];

/**
 * The forwards `$all` reads the application makes: unfiltered, and of a list of event types (the
 * projections). The `= any` types statement (no types, or more than 64) and stream-prefix filters (only
 * in the port, for parity with EventStoreDB) may still sort their matches on a plan made for a small table.
 */
const streamsInOrder = (statement: Statement): boolean =>
  statement === READ_ALL.forwards.none || statement.name.startsWith('orderly_es_read_all_fwd_types_');

const literal = (value: unknown): string => {
  if (Array.isArray(value)) return `'{${value.join(',')}}'`;
  return typeof value === 'number' ? String(value) : `'${String(value)}'`;
};

/**
 * A pooled connection keeps its prepared statements for its lifetime, and Postgres may keep a generic plan
 * made while the table was small. Every statement's plan must stay on the indexes as the table grows:
 * a sequential scan in a cached plan turned each `$all` page of a 200,000-event store into a full scan.
 */
describe('Postgres event store statements planned on an empty store', () => {
  let database: TestDatabase;
  let client: PoolClient;

  beforeAll(async () => {
    database = await createEventStoreDatabase({ poolSize: 2 });
    // No automatic ANALYZE may replan them behind the test's back.
    await database.pool.query('alter table events set (autovacuum_enabled = false)');
    await database.pool.query('alter table streams set (autovacuum_enabled = false)');
    client = await database.pool.connect();
    await client.query('set plan_cache_mode = force_generic_plan');
    for (const [statement, values] of statements()) await client.query({ ...statement, values });
    await client.query(
      `insert into events (stream_name, stream_revision, event_id, event_type, data)
       select 'grown-' || (n / 100), n % 100, gen_random_uuid(), (array['Grown', 'Sized'])[n % 2 + 1], '{}'
       from generate_series(0, 49999) n`,
    );
    await client.query(
      `insert into streams (stream_name, revision) select 'grown-' || n, 99 from generate_series(0, 499) n`,
    );
  });

  afterAll(async () => {
    client.release();
    await database.drop();
  });

  it.each(statements().map(([statement, values]) => [statement.name, statement, values] as const))(
    'keeps %s on the indexes after the store grew',
    async (_name, statement, values) => {
      const parameters = values.length === 0 ? '' : `(${values.map(literal).join(', ')})`;
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `explain (format json) execute ${statement.name}${parameters}`,
      );
      const plan = rows[0]!['QUERY PLAN'][0].Plan;
      expect(scannedSequentially(plan)).toEqual([]);
      if (streamsInOrder(statement)) expect(sorts(plan)).toEqual([]);
    },
  );
});
