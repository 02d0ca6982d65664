import type { Knex } from 'knex';
import type { RecordedEvent } from '../../../../src/application/eventStore/eventStore';
import { defineProjection, type Projection } from '../../../../src/projections/runner/projection';

/** Switches a test flips to make the probe misbehave. */
export type ProbeBehaviour = {
  /** Events it refuses with an error (a poison event) while the predicate holds. */
  poison: (event: RecordedEvent) => boolean;
  /** Events during which it kills its own connection, mid-transaction, once each. */
  crashOn: (event: RecordedEvent) => boolean;
  /** How many times it killed its connection. */
  crashes: number;
};

export const createProbeTable = async (knex: Knex, table: string): Promise<void> => {
  // No unique key on purpose: an event applied twice would show up as two rows.
  await knex.schema.createTable(table, (builder) => {
    builder.text('event_id').notNullable();
    builder.bigInteger('amount').notNullable();
  });
};

/** A projection that logs each WalletToppedUp of one user it applies, one row per event, in its own table. */
export const probeProjection = (
  name: string,
  table: string,
  userId: string,
  behaviour: ProbeBehaviour,
): Projection => {
  const crashed = new Set<string>();
  return defineProjection({
    name,
    eventTypes: ['WalletToppedUp'],
    tables: { log: table },
    apply: async (trx, events, { log }) => {
      const mine = events.filter((event) => event.data.userId === userId);
      if (mine.length === 0) return;
      const rows = mine.map((event) => ({ event_id: event.id, amount: Number(event.data.amountMinor) }));
      await trx(log).insert(rows);
      for (const event of mine) {
        if (behaviour.poison(event)) throw new Error(`poison ${event.id}`);
        if (behaviour.crashOn(event) && !crashed.has(event.id)) {
          crashed.add(event.id);
          behaviour.crashes += 1;
          await trx.raw('select pg_terminate_backend(pg_backend_pid())');
        }
      }
    },
  });
};

/** Polls until the check holds (bounded): for states reached asynchronously, not for timing. */
export const eventually = async (
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
