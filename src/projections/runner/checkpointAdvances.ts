import type { Knex } from 'knex';
import type { Position } from '../../application/eventStore/position';
import { CHECKPOINTS } from './checkpoints';

// Forward only: a rebuild's swap may have put a checkpoint further meanwhile. One statement, no explicit
// transaction; like a batch it need not wait for the WAL flush (a lost advance is simply made again).
const ADVANCE = `
  update ?? c set commit_position = a.commit_position, prepare_position = a.prepare_position, updated_at = now()
    from unnest(?::text[], ?::numeric[], ?::numeric[]) as a(name, commit_position, prepare_position),
         (select set_config('synchronous_commit', 'off', true)) as unflushed
   where c.name = a.name
     and (c.commit_position is null
          or (c.commit_position, c.prepare_position) < (a.commit_position, a.prepare_position))
  returning c.name`;

type Request = Readonly<{
  name: string;
  to: Position;
  moved: (moved: boolean) => void;
  failed: (error: unknown) => void;
}>;

/**
 * Moves checkpoints over events their projections do not handle. An append wakes every runner at once
 * and most of them only move their checkpoint to the new head: the requests of one turn of the event loop
 * share a single UPDATE.
 */
export class CheckpointAdvances {
  private pending: Request[] = [];

  constructor(private readonly knex: Knex) {}

  /** True when the checkpoint moved, false when it was already at `to` or beyond. */
  advance(name: string, to: Position): Promise<boolean> {
    return new Promise((moved, failed) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ name, to, moved, failed });
    });
  }

  private async flush(): Promise<void> {
    const requests = this.pending;
    this.pending = [];
    try {
      const result = await this.knex.raw<{ rows: { name: string }[] }>(ADVANCE, [
        CHECKPOINTS,
        requests.map((request) => request.name),
        requests.map((request) => request.to.commit.toString()),
        requests.map((request) => request.to.prepare.toString()),
      ]);
      const movedNames = new Set(result.rows.map((row) => row.name));
      for (const request of requests) request.moved(movedNames.has(request.name));
    } catch (error) {
      for (const request of requests) request.failed(error);
    }
  }
}
