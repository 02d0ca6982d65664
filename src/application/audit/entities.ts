import { catalogDecider } from '../../domain/catalog/decide';
import { catalogStream } from '../../domain/catalog/streams';
import { userDecider } from '../../domain/identity/decide';
import { userStream } from '../../domain/identity/streams';
import { orderDecider } from '../../domain/ordering/decide';
import { orderStream } from '../../domain/ordering/streams';
import type { Decider, Message } from '../../domain/shared/decider';
import { walletDecider } from '../../domain/wallet/decide';
import { walletStream } from '../../domain/wallet/streams';
import type { RecordedEvent } from '../eventStore/eventStore';

/** An aggregate as the auditor replays it: its stream, and its decider's own initialState and evolve. */
export type ReplayableEntity = Readonly<{
  streamOf: (id: string) => string;
  initialState: () => unknown;
  evolve: (state: unknown, event: RecordedEvent) => unknown;
}>;

const replayable = <C extends Message, E extends Message, S>(
  decider: Decider<C, E, S>,
  streamOf: (id: string) => string,
): ReplayableEntity => ({
  streamOf,
  initialState: decider.initialState,
  // The stream holds only this decider's events, recorded from its own decisions.
  evolve: (state, event) => decider.evolve(state as S, event as unknown as E),
});

export const ENTITY_KINDS = ['order', 'wallet', 'catalog', 'user'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const ENTITIES: Readonly<Record<EntityKind, ReplayableEntity>> = {
  order: replayable(orderDecider, orderStream),
  wallet: replayable(walletDecider, walletStream),
  catalog: replayable(catalogDecider, catalogStream),
  user: replayable(userDecider, userStream),
};

export const isEntityKind = (value: string): value is EntityKind =>
  (ENTITY_KINDS as readonly string[]).includes(value);
