import type { EventStore } from '../eventStore/eventStore';
import { type BrokenLink, checkLink, entryOfEvent, missingBefore } from './chainVerifier';
import { GENESIS_HASH } from './hashChain';

export type StreamVerificationResult = Readonly<{
  streamName: string;
  ok: boolean;
  eventsChecked: number;
  /** Revision of the last event checked, null for an empty stream. */
  lastRevision: string | null;
  brokenLink: BrokenLink | null;
}>;

/** Follows one stream's hash chain from its first event, a page at a time; stops at the first broken link. */
export const verifyStream = async (
  store: EventStore,
  streamName: string,
  pageSize = 5_000,
): Promise<StreamVerificationResult> => {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let lastRevision: bigint | undefined;
  const result = (brokenLink: BrokenLink | undefined): StreamVerificationResult => ({
    streamName,
    ok: brokenLink === undefined,
    eventsChecked: checked,
    lastRevision: lastRevision?.toString() ?? null,
    brokenLink: brokenLink ?? null,
  });
  for (;;) {
    const due = lastRevision === undefined ? 0n : lastRevision + 1n;
    const page = await store.readStream(streamName, { fromRevision: due, maxCount: pageSize });
    for (const [index, event] of page.entries()) {
      checked += 1;
      const entry = entryOfEvent(event);
      const broken =
        entry.revision === due + BigInt(index)
          ? checkLink(entry, prevHash)
          : missingBefore(entry, due + BigInt(index));
      lastRevision = entry.revision;
      if (broken !== undefined) return result(broken);
      prevHash = entry.hash as string;
    }
    if (page.length < pageSize) return result(undefined);
  }
};
