import type { EventStore } from '../../application/eventStore/eventStore';
import type { Position } from '../../application/eventStore/position';
import { delay } from './errors';
import type { Projection } from './projection';
import { ProjectionRunner } from './runner';
import type { RunnerDependencies, RunnerOptions } from './runnerOptions';

/**
 * Follows `$all` live without a filter and reports each new position, so runners whose types are absent
 * from recent events can still move their checkpoints up to the head.
 */
const followHead = async (
  store: EventStore,
  signal: AbortSignal,
  onAdvance: (position: Position) => void,
): Promise<void> => {
  while (!signal.aborted) {
    try {
      const from = await store.headPosition();
      if (from !== undefined) onAdvance(from);
      for await (const batch of store.subscribeToAll({ from, signal, maxBatchSize: 1000 })) {
        const last = batch.at(-1);
        if (last !== undefined) onAdvance(last.position);
      }
    } catch {
      await delay(1000, signal); // the runners retry on their own; this is only a shortcut for them
    }
  }
};

export type ProjectionRunners = Readonly<{
  runners: readonly ProjectionRunner[];
  /** Each runner finishes its batch, stores its checkpoint and releases its lock. */
  stop: () => Promise<void>;
}>;

/** Starts one runner per projection (each waits for its lock if another instance holds it). */
export const startProjectionRunners = (
  deps: RunnerDependencies,
  projections: readonly Projection[],
  options: Partial<RunnerOptions> = {},
): ProjectionRunners => {
  const runners = projections.map((projection) => new ProjectionRunner(deps, projection, options));
  for (const runner of runners) runner.start();
  const ticker = new AbortController();
  const following = followHead(deps.store, ticker.signal, (position) => {
    for (const runner of runners) runner.storeAdvanced(position);
  });
  return {
    runners,
    stop: async () => {
      ticker.abort();
      await Promise.all([following, ...runners.map((runner) => runner.stop())]);
    },
  };
};
