import { type Message } from '../shared/decider';
import { eventTypeGuard, eventTypeNames } from '../shared/eventTypes';

export type ProductListed = Message<
  'ProductListed',
  { merchantId: string; sku: string; name: string; priceMinor: number; currency: string; listedAt: string }
>;

export type ProductPriceChanged = Message<
  'ProductPriceChanged',
  { merchantId: string; sku: string; priceMinor: number; previousPriceMinor: number; changedAt: string }
>;

export type ProductDelisted = Message<
  'ProductDelisted',
  { merchantId: string; sku: string; delistedAt: string }
>;

export type CatalogEvent = ProductListed | ProductPriceChanged | ProductDelisted;

export const catalogEventTypes = eventTypeNames<CatalogEvent['type']>({
  ProductListed: 'ProductListed',
  ProductPriceChanged: 'ProductPriceChanged',
  ProductDelisted: 'ProductDelisted',
});

export const isCatalogEvent = eventTypeGuard<CatalogEvent>(catalogEventTypes);
