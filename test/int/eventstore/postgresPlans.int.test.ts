import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  APPENDS,
  HEAD_POSITION,
  HELD_BACK,
  READ_ALL,
  READ_STREAM,
  STREAM_HEAD,
  type Statement,
} from '../../../src/infrastructure/eventstore/postgres/sql';
import type { TestDatabase } from '../../support/database';
import { createEventStoreDatabase } from './eventStoreDatabase';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

const scannedSequentially = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'Seq Scan' ? [node['Relation Name'] ?? '?'] : []),
  ...(node.Plans ?? []).flatMap(scannedSequentially),
];

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
  [HEAD_POSITION, []],
  ...(['none', 'types', 'prefixes'] as const).flatMap((filter): [Statement, unknown[]][] => {
    const values = filter === 'none' ? [] : [filter === 'types' ? ['Placed'] : ['plans-%']];
    return [
      [READ_ALL.forwards[filter], ['0', '0', 100, ...values]],
      [READ_ALL.backwards[filter], ['99999999', '99999999', 100, ...values]],
      [HELD_BACK[filter], [100, ...values]],
    ];
  }),
];

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
    client = await database.pool.connect();
    await client.query('set plan_cache_mode = force_generic_plan');
    for (const [statement, values] of statements()) await client.query({ ...statement, values });
    await client.query(
      `insert into events (stream_name, stream_revision, event_id, event_type, data)
       select 'grown-' || (n / 100), n % 100, gen_random_uuid(), 'Grown', '{}' from generate_series(0, 49999) n`,
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
      expect(scannedSequentially(rows[0]!['QUERY PLAN'][0].Plan)).toEqual([]);
    },
  );
});
