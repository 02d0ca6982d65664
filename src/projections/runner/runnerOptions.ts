import type { Knex } from 'knex';
import type { Pool } from 'pg';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { PoisonPolicy } from './applyBatch';

/** What pino's logger offers; the runner logs through whatever the composition root hands in. */
export type ProjectionLogger = Readonly<{
  info: (fields: object, message: string) => void;
  warn: (fields: object, message: string) => void;
  error: (fields: object, message: string) => void;
}>;

export type RunnerDependencies = Readonly<{
  knex: Knex;
  pool: Pool;
  store: EventStore;
  logger?: ProjectionLogger;
}>;

export type RunnerOptions = PoisonPolicy &
  Readonly<{
    /** Events per transaction. */
    batchSize: number;
    /** Largest batch asked of the subscription. */
    subscriptionBatchSize: number;
    lockRetryMs: number;
    restartDelayMs: number;
    maxRestartDelayMs: number;
  }>;

export const defaultRunnerOptions: RunnerOptions = {
  batchSize: 1000,
  subscriptionBatchSize: 2000,
  maxAttempts: 3,
  onPoison: 'park',
  lockRetryMs: 1000,
  restartDelayMs: 100,
  maxRestartDelayMs: 5000,
};

export const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
};
