import 'reflect-metadata';
import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import type { EventStore } from '../../application/eventStore/eventStore';
import { createContainer } from '../composition/container';
import { TOKENS } from '../composition/tokens';
import { type Config, loadConfig } from '../config/config';
import { createLogger, type Logger } from '../logging/logger';

export type CliContext = Readonly<{ config: Config; logger: Logger; container: Container }>;

/** Builds the same container as the server, runs one operator command, then closes every connection. */
export const withCliContext = async <T>(work: (context: CliContext) => Promise<T>): Promise<T> => {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', { role: 'cli' });
  const container = createContainer(config, logger);
  try {
    return await work({ config, logger, container });
  } finally {
    await container.get<EventStore>(TOKENS.eventStore).close();
    await container.get<Pool>(TOKENS.pool).end();
    await container.get<Knex>(TOKENS.knex).destroy();
  }
};

export const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
