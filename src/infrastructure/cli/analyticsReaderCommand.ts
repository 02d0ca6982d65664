import type { Knex } from 'knex';
import { analyticsReaderRole, enableAnalyticsReaderLogin } from '../audit/analyticsReader';
import { TOKENS } from '../composition/tokens';
import { type CliContext, print } from './context';

/**
 * Gives the read-only analytics role a login with the password in ANALYTICS_READER_PASSWORD (never an
 * argument: arguments show up in process lists). Running it again changes the password.
 */
export const analyticsReaderLoginCommand = async ({ config, container }: CliContext): Promise<number> => {
  const password = process.env.ANALYTICS_READER_PASSWORD;
  if (password === undefined || password.length < 16) {
    print('analytics-reader-login needs ANALYTICS_READER_PASSWORD (at least 16 characters).');
    return 2;
  }
  const { analyticsSchema } = config.database;
  await enableAnalyticsReaderLogin(container.get<Knex>(TOKENS.knex), analyticsSchema, password);
  const role = analyticsReaderRole(analyticsSchema);
  print(`${role} can now log in; it reads the ${analyticsSchema} schema and nothing else.`);
  print(`Connect: psql "postgres://${role}@<host>:5432/<database>" (tables: \\dt ${analyticsSchema}.*)`);
  return 0;
};
