import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { isAfter, type Position } from '../../application/eventStore/position';
import { waitForAdvisoryLock } from './advisoryLock';
import { commitBatch } from './applyBatch';
import { type ProjectionState, readCheckpoint, recordState, registerCheckpoint } from './checkpoints';
import { CheckpointAdvances } from './checkpointAdvances';
import { delay, describeError, ProjectionFailedError } from './errors';
import { liveTarget, type Projection } from './projection';
import { chunks, defaultRunnerOptions, type RunnerDependencies, type RunnerOptions } from './runnerOptions';
import { Inbox } from './inbox';
import { StoreFeed } from './storeFeed';
import { announceCheckpoint } from './waitForPosition';

export type RunnerState = ProjectionState | 'standby';

/** What the runners of one process share: one feed of `$all` and batched checkpoint advances. */
export type SharedFollowing = Readonly<{ feed: StoreFeed; advances: CheckpointAdvances }>;

export const sharedFollowing = (
  deps: RunnerDependencies,
  options: Partial<RunnerOptions>,
): SharedFollowing => ({
  feed: new StoreFeed(
    deps.store,
    options.subscriptionBatchSize ?? defaultRunnerOptions.subscriptionBatchSize,
  ),
  advances: new CheckpointAdvances(deps.knex),
});

/** A stretch starting at or before the checkpoint leaves out nothing after it. */
const covers = (position: Position | undefined, after: Position | undefined): boolean =>
  after === undefined || (position !== undefined && !isAfter(after, position));

/**
 * Runs one projection: holds its advisory lock, catches up from the checkpoint, then applies what the
 * shared feed delivers, committing each batch with the checkpoint. A failed batch is retried from the
 * stored checkpoint after a growing pause.
 */
export class ProjectionRunner {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private current: RunnerState = 'stopped';
  private position: Position | undefined;
  private readonly options: RunnerOptions;
  private readonly shared: SharedFollowing;
  private readonly sharing: boolean;

  /** Without `shared` (the runners of a group share them), the runner follows `$all` on its own. */
  constructor(
    private readonly deps: RunnerDependencies,
    readonly projection: Projection,
    options: Partial<RunnerOptions> = {},
    shared?: SharedFollowing,
  ) {
    this.options = { ...defaultRunnerOptions, ...options };
    this.sharing = shared !== undefined;
    this.shared = shared ?? sharedFollowing(deps, this.options);
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
    if (!this.sharing) await this.shared.feed.stop();
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

  /** Catches up from the checkpoint by its own filtered reads, then takes what the feed delivers. */
  private async follow(signal: AbortSignal): Promise<void> {
    const inbox = new Inbox(this.projection.eventTypes, this.options.subscriptionBatchSize * 5);
    const unlisten = this.shared.feed.listen((batch) => inbox.put(batch)); // before reading: nothing falls between
    try {
      this.position = await readCheckpoint(this.deps.knex, this.projection.name);
      await this.catchUp(signal);
      for (
        let stretch = await inbox.take(signal);
        stretch !== undefined;
        stretch = await inbox.take(signal)
      ) {
        if (stretch.events !== undefined && covers(this.position, stretch.after)) {
          await this.applyLive(stretch.events, stretch.head);
        } else {
          await this.catchUp(signal); // its reads start after the stretch arrived, so they reach its head
          await this.advanceTo(stretch.head);
        }
      }
    } finally {
      unlisten();
    }
  }

  /** Full pages mean more is waiting; the first short page reaches what `$all` showed when it was read. */
  private async catchUp(signal: AbortSignal): Promise<void> {
    const pageSize = this.options.subscriptionBatchSize;
    for (let full = true; full && !signal.aborted;) {
      const page = await this.deps.store.readAll({
        from: this.position,
        filter: { eventTypes: this.projection.eventTypes },
        maxCount: pageSize,
      });
      full = page.length >= pageSize;
      await this.setState(full ? 'catching_up' : 'live');
      for (const chunk of chunks(page, this.options.batchSize)) await this.commit(chunk);
    }
  }

  /** A stretch of `$all` with nothing missing after the checkpoint: its events, then the head. */
  private async applyLive(events: readonly RecordedEvent[], head: Position): Promise<void> {
    const from = this.position;
    const fresh = from === undefined ? events : events.filter((event) => isAfter(event.position, from));
    const parts = chunks(fresh, this.options.batchSize);
    for (const [index, chunk] of parts.entries()) {
      await this.commit(chunk, index === parts.length - 1 ? head : undefined);
    }
    await this.advanceTo(head);
  }

  private async commit(events: readonly RecordedEvent[], through?: Position): Promise<void> {
    const target = liveTarget(this.projection);
    const outcome = await commitBatch(this.deps.knex, target, events, this.options, { through });
    if (outcome === undefined) return;
    this.position = outcome.position;
    announceCheckpoint(this.deps.knex, this.projection.name, outcome.position);
    if (outcome.parked > 0) this.log('warn', `${outcome.parked} poison event(s) parked`);
  }

  /**
   * With none of its event types up to `head`, the projection is as current as `$all` itself: moving the
   * checkpoint there lets read-your-writes waits on foreign positions end.
   */
  private async advanceTo(head: Position): Promise<void> {
    if (this.position !== undefined && !isAfter(head, this.position)) return;
    await this.shared.advances.advance(this.projection.name, head);
    this.position = head;
    announceCheckpoint(this.deps.knex, this.projection.name, head);
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

  private log(level: 'info' | 'warn' | 'error', message: string, error?: unknown): void {
    const fields = { projection: this.projection.name, ...(error === undefined ? {} : { err: error }) };
    this.deps.logger?.[level](fields, message);
  }
}
