/**
 * Keeps several published batches awaiting their broker confirms at once, while finishing them (hook,
 * checkpoint) strictly in order. A batch is finished only after it and every earlier batch was confirmed, so
 * the stored checkpoint never passes an unconfirmed message. The first failure is reported once; later
 * batches are then abandoned (the session restarts from the stored checkpoint).
 */
export class ConfirmPipeline {
  private readonly steps: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly maxInFlight: number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Waits while `maxInFlight` batches are unfinished: back-pressure on the subscription. */
  async add(confirmed: Promise<void>, finish: () => Promise<void>): Promise<void> {
    confirmed.catch(() => undefined); // observed through the chain below; marked handled meanwhile
    this.tail = this.tail.then(() => confirmed).then(finish);
    const step = this.tail;
    step.catch((error: unknown) => this.onFailure(error));
    this.steps.push(step);
    while (this.steps.length >= this.maxInFlight) await this.steps.shift();
  }

  /** Resolves once every batch is finished; rejects with the first failure. */
  async drain(): Promise<void> {
    await this.tail;
    this.steps.length = 0;
  }
}
