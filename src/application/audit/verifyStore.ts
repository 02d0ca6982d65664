import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import type { Position } from '../eventStore/position';
import { type BrokenLink, createChainVerifier, entryOfEvent } from './chainVerifier';

export type VerificationProgress = Readonly<{ eventsDone: number; eventsTotal: number | undefined }>;

export type StoreVerificationResult = Readonly<{
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  brokenLink: BrokenLink | null;
}>;

export type StoreVerificationOptions = Readonly<{
  /** Events per read; big pages keep the round trips few. */
  pageSize?: number;
  /** How many events the store holds, for the progress total (undefined: unknown). */
  countEvents?: () => Promise<number | undefined>;
  onProgress?: (progress: VerificationProgress) => void;
}>;

const DEFAULT_PAGE_SIZE = 5_000;

// System streams of EventStoreDB ($-prefixed) carry no hash chain of ours.
const isSystemEvent = (event: RecordedEvent): boolean => event.streamName.startsWith('$');

/**
 * Verifies every stream's hash chain through one pass over `$all` read through the event store port (any
 * adapter), keeping only each stream's last hash. The next page is read while the current one is hashed.
 * Stops at the first broken link. (The Postgres store checks its chains in SQL instead:
 * infrastructure/audit/postgresChainCheck.ts.)
 */
export const verifyStore = async (
  store: EventStore,
  options: StoreVerificationOptions = {},
): Promise<StoreVerificationResult> => {
  const readEvents = (from: Position | undefined, maxCount: number) => store.readAll({ from, maxCount });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const eventsTotal = await options.countEvents?.();
  const verifier = createChainVerifier();
  const result = (eventsChecked: number, brokenLink: BrokenLink | undefined): StoreVerificationResult => ({
    ok: brokenLink === undefined,
    eventsChecked,
    streamsChecked: verifier.streamCount(),
    brokenLink: brokenLink ?? null,
  });
  let done = 0;
  for (let next = readEvents(undefined, pageSize); ;) {
    const page = await next;
    const last = page.at(-1);
    if (last === undefined) return result(done, verifier.finish());
    next =
      page.length < pageSize ? Promise.resolve<RecordedEvent[]>([]) : readEvents(last.position, pageSize);
    next.catch(() => undefined); // awaited on the next turn; a broken link may end the loop first
    for (const event of page) {
      if (isSystemEvent(event)) continue;
      const broken = verifier.check(entryOfEvent(event));
      done += 1;
      if (broken !== undefined) return result(done, broken);
    }
    options.onProgress?.({ eventsDone: done, eventsTotal });
  }
};
