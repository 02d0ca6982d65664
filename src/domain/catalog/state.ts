import { assertNever } from '../shared/decider';
import { emptyMap, mapGet, mapSet, type PersistentMap } from '../shared/persistentMap';
import { type CatalogEvent } from './events';

type ProductFacts = { sku: string; name: string; priceMinor: number; currency: string };

/** A delisted product is remembered (its sku may be listed again, and pricing names it precisely). */
export type Product =
  Readonly<{ status: 'listed' } & ProductFacts> | Readonly<{ status: 'delisted' } & ProductFacts>;

/**
 * A merchant's catalog has no lifecycle of its own: it is the set of products ever listed, each a union on
 * `status` that the decisions narrow on. `currency` is that of the first product listed.
 */
export type CatalogState = Readonly<{ currency: string | undefined; products: PersistentMap<Product> }>;

export const initialCatalogState = (): CatalogState => ({ currency: undefined, products: emptyMap() });

export const productOf = (state: CatalogState, sku: string): Product | undefined =>
  mapGet(state.products, sku);

const updated = (state: CatalogState, sku: string, change: (product: Product) => Product): CatalogState => {
  const product = productOf(state, sku);
  return product === undefined ? state : { ...state, products: mapSet(state.products, sku, change(product)) };
};

export const evolveCatalog = (state: CatalogState, event: CatalogEvent): CatalogState => {
  switch (event.type) {
    case 'ProductListed': {
      const { sku, name, priceMinor, currency } = event.data;
      const product: Product = { status: 'listed', sku, name, priceMinor, currency };
      return { currency: state.currency ?? currency, products: mapSet(state.products, sku, product) };
    }
    case 'ProductPriceChanged':
      return updated(state, event.data.sku, (product) => ({ ...product, priceMinor: event.data.priceMinor }));
    case 'ProductDelisted':
      return updated(state, event.data.sku, (product) => ({ ...product, status: 'delisted' }));
    default:
      return assertNever(event);
  }
};

export const foldCatalog = (events: readonly CatalogEvent[]): CatalogState =>
  events.reduce(evolveCatalog, initialCatalogState());
