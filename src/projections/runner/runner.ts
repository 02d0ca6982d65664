import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { isAfter, type Position } from '../../application/eventStore/position';
import { waitForAdvisoryLock } from './advisoryLock';
import { commitBatch } from './applyBatch';
import {
  advanceCheckpoint,
  lockCheckpoint,
  type ProjectionState,
  readCheckpoint,
  recordState,
  registerCheckpoint,
} from './checkpoints';
import { delay, describeError, ProjectionFailedError } from './errors';
import { liveTarget, type Projection } from './projection';
import { chunks, defaultRunnerOptions, type RunnerDependencies, type RunnerOptions } from './runnerOptions';
import { announceCheckpoint } from './waitForPosition';

export type RunnerState = ProjectionState | 'standby';

/**
 * Runs one projection: holds its advisory lock, follows `$all` from the checkpoint and commits each batch
 * with the checkpoint. A failed batch is retried from the stored checkpoint after a growing pause.
 */
export class ProjectionRunner {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private current: RunnerState = 'stopped';
  private position: Position | undefined;
  private storeHead: Position | undefined;
  private advancing = false;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly options: RunnerOptions;

  constructor(
    private readonly deps: RunnerDependencies,
    readonly projection: Projection,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...defaultRunnerOptions, ...options };
  }

  get state(): RunnerState {
    return this.current;
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Lets the current batch finish (its checkpoint is stored), then releases the lock. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Told by the group's ticker that `$all` reached `position` (used to pass over foreign events). */
  storeAdvanced(position: Position): void {
    if (this.storeHead === undefined || isAfter(position, this.storeHead)) this.storeHead = position;
    this.scheduleAdvance();
  }

  /** One idle advance at a time; after a successful one, ticks that came meanwhile get their turn. */
  private scheduleAdvance(): void {
    const head = this.storeHead;
    if (this.current !== 'live' || this.advancing || head === undefined) return;
    if (this.position !== undefined && !isAfter(head, this.position)) return;
    this.advancing = true;
    this.exclusive(() => this.advanceIdle())
      .then(
        (advanced) => advanced,
        (error: unknown) => {
          this.log('warn', 'idle checkpoint advance failed', error);
          return false;
        },
      )
      .then(
        (advanced) => {
          this.advancing = false;
          if (advanced) this.scheduleAdvance();
        },
        () => undefined,
      );
  }

  private async run(): Promise<void> {
    const key = `projection:${this.projection.name}`;
    while (!this.stopping.signal.aborted) {
      this.current = 'standby';
      try {
        const lock = await waitForAdvisoryLock(
          this.deps.pool,
          key,
          this.options.lockRetryMs,
          this.stopping.signal,
        );
        if (lock === undefined) break;
        await this.whileLocked(lock.lost).finally(() => lock.release());
      } catch (error) {
        this.log('error', 'projection runner failed to hold its lock', error);
        await delay(this.options.maxRestartDelayMs, this.stopping.signal);
      }
    }
    if (this.current !== 'failed') this.current = 'stopped';
  }

  private async whileLocked(lost: AbortSignal): Promise<void> {
    await registerCheckpoint(this.deps.knex, this.projection.name, this.projection.eventTypes);
    const signal = AbortSignal.any([this.stopping.signal, lost]);
    for (let failures = 0; !signal.aborted;) {
      try {
        await this.follow(signal);
        failures = 0;
      } catch (error) {
        if (error instanceof ProjectionFailedError) return this.fail(error);
        failures += 1;
        this.log('warn', 'projection batch failed; retrying from the checkpoint', error);
        await this.setState('running', describeError(error)).catch(() => undefined);
        const pause = Math.min(
          this.options.restartDelayMs * 2 ** (failures - 1),
          this.options.maxRestartDelayMs,
        );
        await delay(pause, signal);
      }
    }
    await this.setState('stopped').catch(() => undefined);
  }

  private async follow(signal: AbortSignal): Promise<void> {
    this.position = await readCheckpoint(this.deps.knex, this.projection.name);
    await this.setState((await this.hasPendingEvents()) ? 'catching_up' : 'live');
    this.scheduleAdvance(); // ticks that came before the runner was live
    const subscription = this.deps.store.subscribeToAll({
      from: this.position,
      filter: { eventTypes: this.projection.eventTypes },
      maxBatchSize: this.options.subscriptionBatchSize,
      signal,
    });
    for await (const batch of subscription) {
      for (const chunk of chunks(batch, this.options.batchSize)) {
        await this.exclusive(() => this.commit(chunk));
      }
      await this.setState(batch.length >= this.options.subscriptionBatchSize ? 'catching_up' : 'live');
      if (signal.aborted) break;
      this.scheduleAdvance();
    }
  }

  private async commit(events: readonly RecordedEvent[]): Promise<void> {
    const outcome = await commitBatch(this.deps.knex, liveTarget(this.projection), events, this.options);
    if (outcome === undefined) return;
    this.position = outcome.position;
    if (outcome.applied + outcome.parked > 0) announceCheckpoint(this.projection.name);
    if (outcome.parked > 0) this.log('warn', `${outcome.parked} poison event(s) parked`);
  }

  private async hasPendingEvents(): Promise<boolean> {
    const pending = await this.deps.store.readAll({
      from: this.position,
      filter: { eventTypes: this.projection.eventTypes },
      maxCount: 1,
    });
    return pending.length > 0;
  }

  /**
   * With none of its event types pending, the projection is as current as `$all` itself: moving the
   * checkpoint to the head lets read-your-writes waits on foreign positions end.
   */
  private async advanceIdle(): Promise<boolean> {
    const target = this.storeHead;
    if (target === undefined || (this.position !== undefined && !isAfter(target, this.position)))
      return false;
    if (await this.hasPendingEvents()) return false;
    this.position = await this.deps.knex.transaction(async (trx) => {
      const checkpoint = await lockCheckpoint(trx, this.projection.name);
      if (checkpoint !== undefined && !isAfter(target, checkpoint)) return checkpoint; // a rebuild got further
      await advanceCheckpoint(trx, this.projection.name, target);
      return target;
    });
    announceCheckpoint(this.projection.name);
    return true;
  }

  private async fail(error: ProjectionFailedError): Promise<void> {
    this.log('error', 'projection stopped at a poison event', error);
    await this.setState('failed', describeError(error)).catch(() => undefined);
    this.current = 'failed';
    this.stopping.abort();
  }

  private async setState(state: ProjectionState, error?: string): Promise<void> {
    if (state === this.current && error === undefined) return;
    await recordState(this.deps.knex, this.projection.name, state, error);
    this.current = state;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private log(level: 'info' | 'warn' | 'error', message: string, error?: unknown): void {
    const fields = { projection: this.projection.name, ...(error === undefined ? {} : { err: error }) };
    this.deps.logger?.[level](fields, message);
  }
}
