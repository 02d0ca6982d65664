import { Presets, SingleBar } from 'cli-progress';
import type { Container } from 'inversify';
import type { Pool } from 'pg';
import type { BrokenLink } from '../../application/audit/chainVerifier';
import {
  type AllEventsReader,
  readAllOfStore,
  type VerificationProgress,
  verifyChains,
} from '../../application/audit/verifyStore';
import type { EventStore } from '../../application/eventStore/eventStore';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { postgresEventTexts } from './postgresEventTexts';

/** Where the verification reports its progress: a terminal bar, or nothing. */
export type ProgressReporter = Readonly<{
  start: (total: number | undefined) => void;
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
    start: (total) => bar.start(total ?? 0, 0),
    update: ({ eventsDone, eventsTotal }) => {
      if (eventsTotal === undefined || eventsDone > eventsTotal) bar.setTotal(eventsDone);
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

export type VerifyAuditDeps = Readonly<{
  store: EventStore;
  /** How `$all` is read; the store's readAll when not given. */
  readEvents?: AllEventsReader;
  /** The number of stored events, for the bar's total; undefined when the store cannot tell cheaply. */
  countEvents?: () => Promise<number | undefined>;
  print: (line: string) => void;
  pageSize?: number;
}>;

// Small enough that a page dies in the young generation: 10,000-event pages were promoted and copied.
const PAGE_SIZE = 2_000;

const describeBreak = (link: BrokenLink): string[] => [
  `BROKEN hash chain in stream ${link.streamName} at revision ${link.revision} (${link.reason})`,
  `  event id: ${link.eventId ?? 'unknown'}   position: ${link.position ?? 'unknown'}`,
  `  expected: ${link.expected}`,
  `  found:    ${link.found ?? '(none)'}`,
];

/** Verifies every stream's hash chain; the exit code is 0 when all hold and 1 at the first broken link. */
export const verifyAudit = async (deps: VerifyAuditDeps, progress: ProgressReporter): Promise<number> => {
  const started = Date.now();
  const total = await deps.countEvents?.();
  progress.start(total);
  const result = await verifyChains(deps.readEvents ?? readAllOfStore(deps.store), {
    pageSize: deps.pageSize ?? PAGE_SIZE,
    countEvents: () => Promise.resolve(total),
    onProgress: progress.update,
  }).finally(() => progress.stop());
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  const rate = Math.round(result.eventsChecked / seconds);
  if (result.brokenLink !== null) {
    for (const line of describeBreak(result.brokenLink)) deps.print(line);
    return 1;
  }
  deps.print(
    `Hash chains intact: ${result.eventsChecked} events in ${result.streamsChecked} streams (${rate} events/s).`,
  );
  return 0;
};

const countPostgresEvents = (pool: Pool) => async (): Promise<number> =>
  Number((await pool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n ?? 0);

/** `verify-audit`: the lead hooks this into the CLI program (`withCliContext`). */
export const verifyAuditCommand = (
  context: Readonly<{ container: Container; config: Config }>,
  progress: ProgressReporter = progressBar(),
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> => {
  const { container, config } = context;
  const onPostgres = config.eventStore.connectionString === undefined;
  const pool = onPostgres ? container.get<Pool>(TOKENS.pool) : undefined;
  return verifyAudit(
    {
      store: container.get<EventStore>(TOKENS.eventStore),
      readEvents: pool && postgresEventTexts(pool),
      countEvents: pool && countPostgresEvents(pool),
      print,
    },
    progress,
  );
};
