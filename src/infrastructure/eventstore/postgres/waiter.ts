/** Why a wait ended: an append was announced, the delay ran out, or the subscription was aborted. */
export type WaitOutcome = 'woken' | 'timeout' | 'aborted';

/**
 * One subscription's sleep between polls. A wake that arrives while the subscription is busy reading is kept,
 * so the next wait returns at once instead of sleeping through it.
 */
export class Waiter {
  private pendingWake = false;
  private release: ((outcome: WaitOutcome) => void) | undefined;

  wake(): void {
    this.pendingWake = true;
    this.release?.('woken');
  }

  wait(delayMs: number, signal: AbortSignal | undefined): Promise<WaitOutcome> {
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve('woken');
    }
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.release = undefined;
        this.pendingWake = false;
        resolve(outcome);
      };
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), delayMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.release = finish;
    });
  }
}
