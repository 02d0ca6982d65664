import { Presets, SingleBar } from 'cli-progress';
import type { Knex } from 'knex';
import type { Pool } from 'pg';
import type { EventStore } from '../../application/eventStore/eventStore';
import { NotFoundError } from '../../domain/shared/errors';
import { replayParkedEvents } from '../../projections/runner/parking';
import type { Projection } from '../../projections/runner/projection';
import { rebuildProjection } from '../../projections/runner/rebuild';
import { projectionStatus } from '../../projections/runner/status';
import { TOKENS } from '../composition/tokens';
import { type CliContext, print } from './context';

const projectionsOf = (context: CliContext): Projection[] =>
  context.container.get<Projection[]>(TOKENS.projections);

const selected = (context: CliContext, name: string): Projection[] => {
  const all = projectionsOf(context);
  if (name === 'all') return all;
  const found = all.filter((projection) => projection.name === name);
  if (found.length === 0) {
    throw new NotFoundError(
      'PROJECTION.NOT_FOUND',
      `No projection ${name}; known: ${all.map((p) => p.name).join(', ')}`,
    );
  }
  return found;
};

export const projectionStatusCommand = async (context: CliContext): Promise<number> => {
  const rows = await projectionStatus(
    context.container.get<Knex>(TOKENS.knex),
    context.container.get<EventStore>(TOKENS.eventStore),
  );
  print(
    'projection'.padEnd(22) +
      'state'.padEnd(13) +
      'lag events'.padStart(11) +
      'lag s'.padStart(9) +
      'parked'.padStart(8),
  );
  for (const row of rows) {
    const lag = `${row.lagEvents}${row.lagEventsCapped ? '+' : ''}`;
    print(
      row.name.padEnd(22) +
        row.state.padEnd(13) +
        lag.padStart(11) +
        row.lagSeconds.toFixed(1).padStart(9) +
        String(row.parked).padStart(8),
    );
  }
  return 0;
};

/** Events of the projection's types (the bar's total) where the Postgres store can count them cheaply. */
const countEventsOf = async (context: CliContext, projection: Projection): Promise<number | undefined> => {
  if (context.config.eventStore.connectionString !== undefined) return undefined;
  const { rows } = await context.container
    .get<Pool>(TOKENS.pool)
    .query<{ n: string }>('select count(*) as n from events where event_type = any($1)', [
      projection.eventTypes,
    ]);
  return Number(rows[0]?.n ?? 0);
};

/** Rebuilds into fresh tables while the live ones serve, then swaps: with a progress bar and ETA. */
export const rebuildCommand = async (context: CliContext, name: string): Promise<number> => {
  const deps = {
    knex: context.container.get<Knex>(TOKENS.knex),
    pool: context.container.get<Pool>(TOKENS.pool),
    store: context.container.get<EventStore>(TOKENS.eventStore),
  };
  for (const projection of selected(context, name)) {
    const bar = new SingleBar(
      {
        format: `${projection.name.padEnd(20)} |{bar}| {percentage}% | {value}/{total} events | ETA {eta_formatted}{note}`,
      },
      Presets.shades_classic,
    );
    bar.start((await countEventsOf(context, projection)) ?? 0, 0, { note: '' });
    const result = await rebuildProjection(deps, projection, {
      onProgress: ({ eventsDone, heldBack }) => {
        if (eventsDone > bar.getTotal()) bar.setTotal(eventsDone);
        const note = heldBack === undefined ? '' : ' | waiting for a transaction still open on the database';
        bar.update(eventsDone, { note });
      },
    }).finally(() => bar.stop());
    print(
      `${projection.name}: ${result.events} events in ${result.seconds.toFixed(1)} s, ${result.parked} parked; swapped in.`,
    );
  }
  return 0;
};

export const replayDeadLettersCommand = async (context: CliContext, name?: string): Promise<number> => {
  const outcomes = await replayParkedEvents(
    context.container.get<Knex>(TOKENS.knex),
    projectionsOf(context),
    {
      projection: name,
    },
  );
  for (const outcome of outcomes)
    print(`${outcome.id}: ${outcome.replayed ? 'replayed' : `still failing: ${outcome.error}`}`);
  const failed = outcomes.filter((outcome) => !outcome.replayed).length;
  print(`${outcomes.length - failed} replayed, ${failed} still parked.`);
  if (outcomes.length === 0) return 3;
  return failed === 0 ? 0 : 1;
};
