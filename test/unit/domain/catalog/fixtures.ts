import { type CatalogEvent } from '../../../../src/domain/catalog/events';

export const merchantId = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
export const otherMerchantId = '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a';
export const now = '2026-01-10T12:00:00.000Z';

export const listed = (sku: string, priceMinor: number, name = `Product ${sku}`): CatalogEvent => ({
  type: 'ProductListed',
  data: { merchantId, sku, name, priceMinor, currency: 'EUR', listedAt: now },
});

export const priceChanged = (sku: string, previousPriceMinor: number, priceMinor: number): CatalogEvent => ({
  type: 'ProductPriceChanged',
  data: { merchantId, sku, priceMinor, previousPriceMinor, changedAt: now },
});

export const delisted = (sku: string): CatalogEvent => ({
  type: 'ProductDelisted',
  data: { merchantId, sku, delistedAt: now },
});
