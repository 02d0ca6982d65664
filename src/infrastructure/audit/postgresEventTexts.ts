import type { FieldDef, Pool } from 'pg';
import type { AllEventsReader } from '../../application/audit/verifyStore';
import { START, positionParameters } from '../eventstore/postgres/rows';
import { READ_ALL } from '../eventstore/postgres/sql';

// Every column as the text Postgres sent: jsonb stays unparsed, the verifier reads it as text.
const AS_TEXT = { getTypeParser: () => (text: string) => text };

type Columns = Readonly<Record<(typeof COLUMNS)[number], number>>;
const COLUMNS = [
  'transaction_id',
  'global_position',
  'stream_name',
  'stream_revision',
  'event_id',
  'event_type',
  'data',
  'metadata',
] as const;

const columnsOf = (fields: readonly FieldDef[]): Columns => {
  const names = fields.map((field) => field.name);
  return Object.fromEntries(COLUMNS.map((name) => [name, names.indexOf(name)])) as Columns;
};

/**
 * `$all` through the Postgres store's own statement (same order, same xmin gate), with rows as arrays of
 * text: parsing data and metadata into objects, only for the verifier to serialize them again, was most of
 * a verification's time.
 */
export const postgresEventTexts =
  (pool: Pool): AllEventsReader =>
  async (from, maxCount) => {
    const { rows, fields } = await pool.query<(string | null)[]>({
      ...READ_ALL.forwards.none,
      values: [...positionParameters(from ?? START), maxCount],
      rowMode: 'array',
      types: AS_TEXT,
    });
    const at = columnsOf(fields);
    if (rows[0]?.[at.event_id] === null) return []; // the gate's row when nothing comes after `from`
    return rows.map((row) => ({
      id: row[at.event_id] as string,
      type: row[at.event_type] as string,
      streamName: row[at.stream_name] as string,
      revision: BigInt(row[at.stream_revision] as string),
      position: {
        commit: BigInt(row[at.transaction_id] as string),
        prepare: BigInt(row[at.global_position] as string),
      },
      data: row[at.data] as string,
      metadata: row[at.metadata] as string,
    }));
  };
