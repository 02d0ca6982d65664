import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { type CatalogEvent, isCatalogEvent } from '../../domain/catalog/events';
import { assertNever } from '../../domain/shared/decider';
import { defineProjection } from '../runner/projection';
import { eventsOf } from '../shared/events';
import { positionValues } from '../shared/positionColumns';

export const catalogTables = { products: 'catalog_products' } as const;

/** What a batch changes about one product; unset fields keep the stored value. */
type ProductPatch = {
  merchant_id: string;
  sku: string;
  name?: string;
  price_minor?: number;
  currency?: string;
  listed?: boolean;
  listed_at?: string;
  delisted_at?: string;
  updated_at: string;
  position_commit: string;
  position_prepare: string;
};

const fold = (patch: ProductPatch, event: RecordedEvent & CatalogEvent): ProductPatch => {
  const base = { ...patch, ...positionValues(event.position) };
  switch (event.type) {
    case 'ProductListed': {
      const { name, priceMinor, currency, listedAt } = event.data;
      const listed = { name, price_minor: priceMinor, currency, listed: true, listed_at: listedAt };
      return { ...base, ...listed, delisted_at: undefined, updated_at: listedAt };
    }
    case 'ProductPriceChanged':
      return { ...base, price_minor: event.data.priceMinor, updated_at: event.data.changedAt };
    case 'ProductDelisted':
      return {
        ...base,
        listed: false,
        delisted_at: event.data.delistedAt,
        updated_at: event.data.delistedAt,
      };
    default:
      return assertNever(event);
  }
};

const patchesOf = (events: readonly (RecordedEvent & CatalogEvent)[]): ProductPatch[] => {
  const patches = new Map<string, ProductPatch>();
  for (const event of events) {
    const { merchantId, sku } = event.data;
    const key = JSON.stringify([merchantId, sku]);
    const start = patches.get(key) ?? {
      merchant_id: merchantId,
      sku,
      updated_at: '',
      ...positionValues(event.position),
    };
    patches.set(key, fold(start, event));
  }
  return [...patches.values()];
};

const listingUnchanged = 'excluded.listed_at is null and excluded.delisted_at is null';

// Listing state changes only when the batch listed or delisted the product; a price change keeps it.
const UPSERT = `
  insert into ?? as cur (merchant_id, sku, name, price_minor, currency, listed, listed_at, delisted_at,
                         updated_at, position_commit, position_prepare)
  select merchant_id, sku, name, price_minor, currency, coalesce(listed, true), listed_at, delisted_at,
         updated_at, position_commit, position_prepare
    from json_to_recordset(?::json) as r(merchant_id text, sku text, name text, price_minor bigint,
         currency text, listed boolean, listed_at timestamptz, delisted_at timestamptz, updated_at timestamptz,
         position_commit numeric, position_prepare numeric)
  on conflict (merchant_id, sku) do update set
    name = coalesce(excluded.name, cur.name),
    price_minor = coalesce(excluded.price_minor, cur.price_minor),
    currency = coalesce(excluded.currency, cur.currency),
    listed = case when ${listingUnchanged} then cur.listed
                  else excluded.listed end,
    listed_at = coalesce(excluded.listed_at, cur.listed_at),
    delisted_at = case when ${listingUnchanged} then cur.delisted_at
                       when excluded.listed then null else excluded.delisted_at end,
    updated_at = excluded.updated_at,
    position_commit = excluded.position_commit,
    position_prepare = excluded.position_prepare
  where (cur.position_commit, cur.position_prepare) < (excluded.position_commit, excluded.position_prepare)`;

/** catalog_products: each merchant's products with their current price and listing state. */
export const catalogProductsProjection = defineProjection({
  name: 'catalogProducts',
  eventTypes: ['ProductListed', 'ProductPriceChanged', 'ProductDelisted'],
  tables: catalogTables,
  apply: async (trx, events, { products }) => {
    const patches = patchesOf(eventsOf(events, isCatalogEvent));
    if (patches.length > 0) await trx.raw(UPSERT, [products, JSON.stringify(patches)]);
  },
});
