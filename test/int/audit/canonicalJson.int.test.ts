import { canonicalJson, hashedPayload } from '../../../src/application/audit/hashChain';
import { randomJson } from '../../support/audit/randomJson';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { seededRandom } from '../../unit/domain/prng';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});

afterAll(() => database.drop());

/** What Postgres prints for each value once stored as jsonb, as the store stores it (JSON.stringify). */
const printedByPostgres = async (values: readonly unknown[]): Promise<string[]> => {
  const { rows } = await database.pool.query<{ text: string }>(
    'select value::jsonb::text as text from unnest($1::text[]) with ordinality as v(value, n) order by n',
    [values.map((value) => JSON.stringify(value) ?? 'null')],
  );
  return rows.map((row) => row.text);
};

describe('canonical JSON against the real Postgres', () => {
  it('equals jsonb text output on 2,000 random values', async () => {
    const next = seededRandom(11);
    const values = Array.from({ length: 2_000 }, () => randomJson(next));
    const printed = await printedByPostgres(values);
    values.forEach((value, index) => expect([index, canonicalJson(value)]).toEqual([index, printed[index]]));
  });

  it('equals the payload Postgres builds from a stored event', async () => {
    const next = seededRandom(12);
    for (let run = 0; run < 200; run += 1) {
      const event = {
        type: `Type "${run}" ü`,
        data: { value: randomJson(next), n: run },
        metadata: { extra: randomJson(next, 2), prevHash: 'p', hash: 'h' },
      };
      const { rows } = await database.pool.query<{ text: string }>(
        `select jsonb_build_object('data', $1::jsonb, 'metadata', $2::jsonb - 'hash', 'type', $3::text)::text as text`,
        [JSON.stringify(event.data), JSON.stringify(event.metadata), event.type],
      );
      expect(hashedPayload(event)).toBe(rows[0]?.text);
    }
  });
});
