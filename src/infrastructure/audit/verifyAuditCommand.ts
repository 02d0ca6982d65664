import { Presets, SingleBar } from 'cli-progress';
import type { Container } from 'inversify';
import type { Pool } from 'pg';
import type { BrokenLink } from '../../application/audit/chainVerifier';
import {
  type StoreVerificationResult,
  type VerificationProgress,
  verifyStore,
} from '../../application/audit/verifyStore';
import type { EventStore } from '../../application/eventStore/eventStore';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { checkPostgresChains } from './postgresChainCheck';

/** Where the verification reports its progress: a terminal bar, or nothing. */
export type ProgressReporter = Readonly<{
  start: () => void;
  update: (progress: VerificationProgress) => void;
  stop: () => void;
}>;

/** A cli-progress bar on stderr with rate and ETA (stdout keeps only the verdict). */
export const progressBar = (): ProgressReporter => {
  const bar = new SingleBar(
    {
      format: 'verifying |{bar}| {percentage}% | {value}/{total} events | ETA {eta_formatted}',
      etaBuffer: 50,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  return {
    start: () => bar.start(0, 0),
    update: ({ eventsDone, eventsTotal }) => {
      bar.setTotal(eventsTotal === undefined || eventsDone > eventsTotal ? eventsDone : eventsTotal);
      bar.update(eventsDone);
    },
    stop: () => bar.stop(),
  };
};

export const silentProgress: ProgressReporter = {
  start: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};

/** One whole-store verification, reporting its progress as it goes. */
export type StoreVerification = (
  onProgress: (progress: VerificationProgress) => void,
) => Promise<StoreVerificationResult>;

const describeBreak = (link: BrokenLink): string[] => [
  `BROKEN hash chain in stream ${link.streamName} at revision ${link.revision} (${link.reason})`,
  `  event id: ${link.eventId ?? 'unknown'}   position: ${link.position ?? 'unknown'}`,
  `  expected: ${link.expected}`,
  `  found:    ${link.found ?? '(none)'}`,
];

/** Verifies every stream's hash chain; the exit code is 0 when all hold and 1 at the first broken link. */
export const verifyAudit = async (
  verify: StoreVerification,
  progress: ProgressReporter,
  print: (line: string) => void,
): Promise<number> => {
  const started = Date.now();
  progress.start();
  const result = await verify(progress.update).finally(() => progress.stop());
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  const rate = Math.round(result.eventsChecked / seconds);
  if (result.brokenLink !== null) {
    for (const line of describeBreak(result.brokenLink)) print(line);
    return 1;
  }
  print(
    `Hash chains intact: ${result.eventsChecked} events in ${result.streamsChecked} streams (${rate} events/s).`,
  );
  return 0;
};

/**
 * The Postgres store checks its chains in SQL (both database cores, nothing parsed in Node); another store
 * is read through the port and checked here.
 */
export const storeVerification = (
  context: Readonly<{ container: Container; config: Config }>,
  options: Readonly<{ connections?: number }> = {},
): StoreVerification => {
  const { container, config } = context;
  if (config.eventStore.connectionString === undefined) {
    const pool = container.get<Pool>(TOKENS.pool);
    return (onProgress) => checkPostgresChains(pool, { ...options, onProgress });
  }
  const store = container.get<EventStore>(TOKENS.eventStore);
  return (onProgress) => verifyStore(store, { onProgress });
};

/** `verify-audit`: whole-store verification with a progress bar on stderr and the verdict on stdout. */
export const verifyAuditCommand = (
  context: Readonly<{ container: Container; config: Config }>,
  options: Readonly<{ connections?: number }> = {},
  progress: ProgressReporter = progressBar(),
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> => verifyAudit(storeVerification(context, options), progress, print);
