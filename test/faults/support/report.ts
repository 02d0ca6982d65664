export type Invariant = Readonly<{ name: string; ok: boolean; detail: string }>;

export type ScenarioResult = Readonly<{
  scenario: string;
  seconds: number;
  figures: ReadonlyArray<readonly [string, string]>;
  invariants: readonly Invariant[];
  error?: string;
}>;

const write = (line: string): void => void process.stdout.write(`${line}\n`);

/** What one scenario measured and checked; printed as it goes so a long run shows progress. */
export class ScenarioReport {
  private readonly figures: [string, string][] = [];
  private readonly invariants: Invariant[] = [];
  private readonly started = Date.now();

  constructor(readonly scenario: string) {
    write(`\n=== ${scenario} ===`);
  }

  note(message: string): void {
    write(`  · ${message}`);
  }

  figure(name: string, value: number | string): void {
    const shown = typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value);
    this.figures.push([name, shown]);
    write(`  ${name}: ${shown}`);
  }

  /** A property the run must hold; a false one makes the suite exit non-zero. */
  check(name: string, ok: boolean, detail = ''): boolean {
    this.invariants.push({ name, ok, detail });
    write(`  ${ok ? 'PASS' : 'FAIL'} ${name}${detail === '' ? '' : ` (${detail})`}`);
    return ok;
  }

  get failed(): boolean {
    return this.invariants.some((invariant) => !invariant.ok);
  }

  result(error?: unknown): ScenarioResult {
    const seconds = (Date.now() - this.started) / 1000;
    const message =
      error === undefined ? undefined : error instanceof Error ? error.stack : JSON.stringify(error);
    if (message !== undefined) write(`  ERROR ${message}`);
    return {
      scenario: this.scenario,
      seconds,
      figures: this.figures,
      invariants: this.invariants,
      ...(message === undefined ? {} : { error: message }),
    };
  }
}

export const passed = (result: ScenarioResult): boolean =>
  result.error === undefined && result.invariants.every((invariant) => invariant.ok);
