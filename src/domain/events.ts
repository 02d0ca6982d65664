import { type CatalogEvent, catalogEventTypes } from './catalog/events';
import { type IdentityEvent, identityEventTypes } from './identity/events';
import { type OrderEvent, orderEventTypes } from './ordering/events';
import { type WalletEvent, walletEventTypes } from './wallet/events';
import { eventTypeGuard } from './shared/eventTypes';

/** Every domain event of Orderly: what the event store, projections and the publisher carry. */
export type OrderlyEvent = IdentityEvent | CatalogEvent | OrderEvent | WalletEvent;
export type OrderlyEventType = OrderlyEvent['type'];

export const orderlyEventTypes: readonly OrderlyEventType[] = [
  ...identityEventTypes,
  ...catalogEventTypes,
  ...orderEventTypes,
  ...walletEventTypes,
];

export const isOrderlyEvent = eventTypeGuard<OrderlyEvent>(orderlyEventTypes);

/** Picks one member of the union by its type name, e.g. `EventOfType<'OrderPlaced'>`. */
export type EventOfType<Type extends OrderlyEventType> = Extract<OrderlyEvent, { type: Type }>;
