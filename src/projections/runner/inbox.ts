import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { comparePositions, type Position } from '../../application/eventStore/position';
import type { FeedBatch } from './storeFeed';

/** What the feed delivered since the runner last looked, merged; events of the projection's types only. */
export type Stretch = Readonly<{
  after: Position | undefined;
  head: Position;
  /** Undefined when the stretch has a gap or grew too big to keep: the runner reads it back instead. */
  events: RecordedEvent[] | undefined;
}>;

/** Holds a runner's stretch while it works on the previous one; `take` hands it over. */
export class Inbox {
  private stretch: Stretch | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly eventTypes: readonly string[],
    private readonly maxEvents: number,
  ) {}

  put(batch: FeedBatch): void {
    const mine = batch.events.filter((event) => this.eventTypes.includes(event.type));
    const held = this.stretch;
    if (held === undefined) {
      this.stretch = { after: batch.after, head: batch.head, events: mine };
    } else {
      const joined = batch.after !== undefined && comparePositions(batch.after, held.head) === 0;
      const events = joined ? held.events : undefined;
      events?.push(...mine);
      this.stretch = { after: held.after, head: batch.head, events };
    }
    if ((this.stretch.events?.length ?? 0) > this.maxEvents) {
      this.stretch = { ...this.stretch, events: undefined };
    }
    this.wake?.();
  }

  /** The stretch so far, waiting for one if empty; undefined once `signal` aborts. */
  async take(signal: AbortSignal): Promise<Stretch | undefined> {
    if (this.stretch === undefined && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    const stretch = signal.aborted ? undefined : this.stretch;
    this.stretch = undefined;
    return stretch;
  }
}
