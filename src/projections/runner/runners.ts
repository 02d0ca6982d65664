import type { Projection } from './projection';
import { ProjectionRunner, sharedFollowing } from './runner';
import type { RunnerDependencies, RunnerOptions } from './runnerOptions';

export type ProjectionRunners = Readonly<{
  runners: readonly ProjectionRunner[];
  /** Each runner finishes its batch, stores its checkpoint and releases its lock. */
  stop: () => Promise<void>;
}>;

/** Starts one runner per projection (each waits for its lock if another instance holds it), on one feed. */
export const startProjectionRunners = (
  deps: RunnerDependencies,
  projections: readonly Projection[],
  options: Partial<RunnerOptions> = {},
): ProjectionRunners => {
  const shared = sharedFollowing(deps, options);
  const runners = projections.map((projection) => new ProjectionRunner(deps, projection, options, shared));
  for (const runner of runners) runner.start();
  return {
    runners,
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
      await shared.feed.stop();
    },
  };
};
