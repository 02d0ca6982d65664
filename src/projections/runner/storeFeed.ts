import type { EventStore, RecordedEvent } from '../../application/eventStore/eventStore';
import { isAfter, type Position } from '../../application/eventStore/position';
import { delay } from './errors';

/**
 * A stretch of `$all` with nothing left out: every event after `after` (from the very start when undefined)
 * up to and including `head`.
 */
export type FeedBatch = Readonly<{
  after: Position | undefined;
  head: Position;
  events: readonly RecordedEvent[];
}>;

type Listener = (batch: FeedBatch) => void;

/**
 * One unfiltered live subscription to `$all` shared by every runner of a process: an append costs one
 * read, not one per projection, and a runner learns from the batch itself both its new events and that
 * `$all` holds none of its types up to the head (so its checkpoint can move there without a read).
 */
export class StoreFeed {
  private readonly listeners = new Set<Listener>();
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly maxBatchSize: number,
  ) {}

  /** Batches delivered from now on, in order; a gap (after a lost subscription) shows as `after` moving on. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    this.running ??= this.run();
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        let after = await this.store.headPosition();
        const batches = this.store.subscribeToAll({ from: after, signal, maxBatchSize: this.maxBatchSize });
        for await (const events of batches) {
          const head = events.at(-1)?.position;
          if (head === undefined || (after !== undefined && !isAfter(head, after))) continue;
          for (const listener of this.listeners) listener({ after, head, events });
          after = head;
        }
      } catch {
        // Runners notice the gap by `after` and read what they missed; a pause keeps a dead store from spinning.
        await delay(1000, signal);
      }
    }
  }
}
