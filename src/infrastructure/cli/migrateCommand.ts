import type { Knex } from 'knex';
import { TOKENS } from '../composition/tokens';
import { ensureDatabase } from '../db/ensureDatabase';
import { migrateToLatest } from '../db/migrate';
import { type CliContext, print } from './context';

export const migrateCommand = async ({ config, container }: CliContext): Promise<number> => {
  if (!config.production) await ensureDatabase(config.database.url);
  const applied = await migrateToLatest(container.get<Knex>(TOKENS.knex), {
    schema: config.database.schema,
    analyticsSchema: config.database.analyticsSchema,
  });
  print(applied.length === 0 ? 'Database schema is up to date.' : `Applied ${applied.length} migration(s):`);
  for (const name of applied) print(`  ${name}`);
  return 0;
};
