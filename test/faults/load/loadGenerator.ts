import { setTimeout as sleep } from 'node:timers/promises';
import { field } from '../support/http';
import { isExpectedStatus, TrafficMix } from './operations';
import type { World } from './world';

export type Sample = Readonly<{
  /** Milliseconds since the load started, when the request was sent. */
  at: number;
  operation: string;
  status: number;
  ms: number;
  contentType: string;
  code?: string;
  error?: string;
}>;

export type LoadOptions = Readonly<{
  baseUrl: () => string;
  world: World;
  concurrency: number;
  ratePerSecond: number;
  /** Bounds: whichever comes first (or `signal`) ends the load. */
  maxSeconds: number;
  maxRequests?: number;
  signal?: AbortSignal;
}>;

/**
 * Closed-loop workers paced to a target rate over loopback. Every answer is kept as a sample, so a scenario
 * can look at any time window (an outage, the first and last minute) afterwards.
 */
export class LoadGenerator {
  readonly samples: Sample[] = [];
  private readonly mix: TrafficMix;
  private started = 0;
  private nextSlot = 0;
  private sent = 0;

  constructor(private readonly options: LoadOptions) {
    this.mix = new TrafficMix(options.world);
  }

  async run(): Promise<Sample[]> {
    this.started = performance.now();
    this.nextSlot = this.started;
    await Promise.all(Array.from({ length: this.options.concurrency }, () => this.worker()));
    return this.samples;
  }

  private done(): boolean {
    const { maxSeconds, maxRequests, signal } = this.options;
    return (
      signal?.aborted === true ||
      performance.now() - this.started >= maxSeconds * 1000 ||
      (maxRequests !== undefined && this.sent >= maxRequests)
    );
  }

  /** Hands out send times 1/rate apart; a worker that falls behind sends at once (no catch-up burst). */
  private async slot(): Promise<void> {
    const now = performance.now();
    this.nextSlot = Math.max(this.nextSlot + 1000 / this.options.ratePerSecond, now);
    const wait = this.nextSlot - now;
    if (wait > 0) await sleep(wait);
  }

  private async worker(): Promise<void> {
    while (!this.done()) {
      await this.slot();
      if (this.done()) return;
      this.sent += 1;
      const operation = this.mix.next();
      const at = performance.now() - this.started;
      const reply = await operation.run(this.options.baseUrl());
      const code = field(reply.body, 'code');
      this.samples.push({
        at,
        operation: operation.name,
        status: reply.status,
        ms: reply.ms,
        contentType: reply.contentType,
        ...(typeof code === 'string' ? { code } : {}),
        ...(reply.error === undefined ? {} : { error: reply.error }),
      });
    }
  }
}

export const summarize = (samples: readonly Sample[]) => {
  const serverErrors = samples.filter((sample) => sample.status >= 500 || sample.status === 0);
  const unexpected = samples.filter(
    (sample) =>
      sample.status < 500 && sample.status !== 0 && !isExpectedStatus(sample.operation, sample.status),
  );
  const byOperation = new Map<string, number>();
  for (const sample of samples)
    byOperation.set(sample.operation, (byOperation.get(sample.operation) ?? 0) + 1);
  return { total: samples.length, serverErrors, unexpected, byOperation };
};

export const describeSamples = (samples: readonly Sample[], limit = 3): string =>
  samples
    .slice(0, limit)
    .map((sample) => `${sample.operation} ${sample.status} ${sample.code ?? sample.error ?? ''}`.trim())
    .join('; ');

export type BackgroundLoad = Readonly<{
  /** Milliseconds since the load started (the time base of its samples). */
  elapsed: () => number;
  /** Ends the load and returns every answer. */
  stop: () => Promise<Sample[]>;
}>;

/** Starts the load in the background, unbounded in time, for a scenario to break things meanwhile. */
export const startBackgroundLoad = (options: Omit<LoadOptions, 'maxSeconds' | 'signal'>): BackgroundLoad => {
  const abort = new AbortController();
  const started = performance.now();
  const running = new LoadGenerator({ ...options, maxSeconds: 24 * 3600, signal: abort.signal }).run();
  return {
    elapsed: () => performance.now() - started,
    stop: () => {
      abort.abort();
      return running;
    },
  };
};
