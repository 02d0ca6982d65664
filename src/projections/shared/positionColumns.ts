import type { Knex } from 'knex';
import type { Position } from '../../application/eventStore/position';

/**
 * Read-model rows remember the position of the last event folded into them; updates compare against it,
 * so an event applied again (a replayed dead letter, say) can never roll a row back.
 */
export const addPositionColumns = (table: Knex.CreateTableBuilder): void => {
  table.decimal('position_commit', 20, 0).notNullable();
  table.decimal('position_prepare', 20, 0).notNullable();
};

export const positionValues = (
  position: Position,
): { position_commit: string; position_prepare: string } => ({
  position_commit: position.commit.toString(),
  position_prepare: position.prepare.toString(),
});

/** SQL: the stored row is older than the incoming one (`excluded` in an upsert, or an alias). */
export const isOlderThan = (table: string, incoming: string): string =>
  `(${table}.position_commit, ${table}.position_prepare) < (${incoming}.position_commit, ${incoming}.position_prepare)`;
