import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { toEventView } from '../../../application/audit/eventView';
import type { RecordedEvent } from '../../../application/eventStore/eventStore';

/** Resolves when the sink can take more, or false when it closed first (the client went away). */
const drained = async (sink: Writable): Promise<boolean> => {
  const closed = new AbortController();
  const onClose = (): void => closed.abort();
  sink.once('close', onClose);
  try {
    await once(sink, 'drain', { signal: closed.signal });
    return true;
  } catch {
    return false;
  } finally {
    sink.removeListener('close', onClose);
  }
};

const pageAsLines = (events: readonly RecordedEvent[]): string => {
  let lines = '';
  for (const event of events) lines += `${JSON.stringify(toEventView(event))}\n`;
  return lines;
};

/**
 * Writes one JSON line per event, a page per write, honouring backpressure: the next page is only read
 * once the sink has drained, so memory stays at about one page whatever the range. `start` runs once the
 * first page was read (an error before it can still become a problem+json answer). Returns the count.
 */
export const writeNdjson = async (
  sink: Writable,
  pages: AsyncIterable<readonly RecordedEvent[]>,
  start: () => void = () => undefined,
): Promise<number> => {
  let written = 0;
  let started = false;
  try {
    for await (const events of pages) {
      if (!started) {
        started = true;
        start();
      }
      if (sink.destroyed || sink.writableEnded) break;
      written += events.length;
      if (!sink.write(pageAsLines(events)) && !(await drained(sink))) break;
    }
  } catch (error) {
    // Half an export must not look like a whole one: the client sees the transfer fail.
    if (started) sink.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  if (!started) start();
  if (!sink.destroyed && !sink.writableEnded) sink.end();
  return written;
};
