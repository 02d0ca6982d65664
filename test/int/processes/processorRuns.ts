import { randomUUID } from 'node:crypto';
import type { CommandHandler } from '../../../src/application/commands/handleCommand';
import { comparePositions, type Position } from '../../../src/application/eventStore/position';
import type { AppLogger } from '../../../src/application/ports';
import {
  createPaymentProcess,
  paymentProcessEventTypes,
} from '../../../src/application/processes/paymentProcess';
import {
  type CheckpointedSubscriptionOptions,
  runCheckpointedSubscription,
} from '../../../src/application/subscriptions/checkpointedSubscription';
import { type Harness, pollUntil } from './harness';

export const quietLogger: AppLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export type ProcessorRunOptions = Readonly<{
  name: string;
  beforeCheckpoint?: CheckpointedSubscriptionOptions['beforeCheckpoint'];
  /** Defaults to the harness's real command handler; tests wrap it to inject failures. */
  commands?: CommandHandler;
  controller?: AbortController;
  /** Receives the id of every event handed to the process, once per attempt. */
  handled?: string[];
  logger?: AppLogger;
}>;

/** The payment process behind a checkpointed subscription, as the processor role runs it. */
export const runProcessor = (harness: Harness, options: ProcessorRunOptions) => {
  const controller = options.controller ?? new AbortController();
  const process = createPaymentProcess(options.commands ?? harness.commands, { platformFeeBasisPoints: 0 });
  const done = runCheckpointedSubscription({
    name: options.name,
    store: harness.store,
    checkpoints: harness.checkpoints,
    filter: { eventTypes: process.eventTypes },
    handle: async (event) => {
      options.handled?.push(event.id);
      await process.handle(event);
    },
    logger: options.logger ?? quietLogger,
    signal: controller.signal,
    beforeCheckpoint: options.beforeCheckpoint,
    maxBackoffMs: 100,
  });
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { controller, done, stop };
};

type PositionRow = { transaction_id: string; global_position: string };

/**
 * The newest committed event (of the types, if given), read from the table itself: the store's own reads
 * stop at the cluster-wide xmin gate, which other sessions' open transactions can hold far back.
 */
const newestPosition = async (
  { database }: Harness,
  types?: readonly string[],
): Promise<Position | undefined> => {
  const { rows } = await database.pool.query<PositionRow>(
    `select transaction_id::text, global_position from events where $1::text[] is null or event_type = any($1)
     order by transaction_id desc, global_position desc limit 1`,
    [types ?? null],
  );
  const row = rows[0];
  return row && { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) };
};

/** A processor name checkpointed at the newest event: it sees only what the test appends from now on. */
export const processorFromHere = async (harness: Harness): Promise<string> => {
  const name = `payment-process-${randomUUID()}`;
  const head = await newestPosition(harness);
  if (head !== undefined) await harness.checkpoints.save(name, head);
  return name;
};

/** Waits until the named checkpoint covers the last trigger: every effect of every trigger is stored. */
export const settled = (harness: Harness, name: string) =>
  pollUntil(`${name} to checkpoint the last trigger`, async () => {
    const last = await newestPosition(harness, paymentProcessEventTypes);
    const checkpoint = await harness.checkpoints.load(name);
    return last !== undefined && checkpoint !== undefined && comparePositions(checkpoint, last) >= 0;
  });
