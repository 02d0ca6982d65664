import { type Message } from '../shared/decider';

/** Every catalog command names the acting user; only the merchant who owns the catalog may change it. */
export type ListProduct = Message<
  'ListProduct',
  {
    merchantId: string;
    actorId: string;
    sku: string;
    name: string;
    priceMinor: number;
    currency: string;
    now: string;
  }
>;
export type ChangePrice = Message<
  'ChangePrice',
  { merchantId: string; actorId: string; sku: string; priceMinor: number; now: string }
>;
export type DelistProduct = Message<
  'DelistProduct',
  { merchantId: string; actorId: string; sku: string; now: string }
>;

export type CatalogCommand = ListProduct | ChangePrice | DelistProduct;
