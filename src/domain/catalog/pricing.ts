import { type FieldError, ValidationError } from '../shared/errors';
import { type OrderLine } from '../ordering/events';
import { CatalogErrorCodes as Codes, type CatalogErrorCode } from './errors';
import { type CatalogState, productOf } from './state';

export type RequestedItem = Readonly<{ sku: string; quantity: number }>;
export type PricedItems = Readonly<{ items: readonly OrderLine[]; totalMinor: number; currency: string }>;

type Priced = { line: OrderLine } | { problem: FieldError & { code: CatalogErrorCode } };

const priceItem = (catalog: CatalogState, { sku, quantity }: RequestedItem, index: number): Priced => {
  const product = productOf(catalog, sku);
  const field = `items[${index}].sku`;
  if (product === undefined)
    return { problem: { code: Codes.UNKNOWN_SKU, field, message: `no product ${sku}` } };
  if (product.status === 'delisted')
    return { problem: { code: Codes.PRODUCT_DELISTED, field, message: `${sku} is delisted` } };
  const { name, priceMinor } = product;
  return { line: { sku, name, quantity, unitPriceMinor: priceMinor, lineTotalMinor: quantity * priceMinor } };
};

/**
 * Prices requested items from the merchant's catalog at today's prices; the application passes the result
 * into PlaceOrder (which checks quantities and limits). Every unknown or delisted sku is reported under
 * its own field, so a client can fix the whole basket at once.
 */
const nothingToOrder = (message: string) =>
  new ValidationError(Codes.NO_ITEMS, 'Nothing to order', [{ field: 'items', message }]);

export const priceOrderItems = (catalog: CatalogState, requested: readonly RequestedItem[]): PricedItems => {
  if (requested.length === 0) throw nothingToOrder('is empty');
  const priced = requested.map((item, index) => priceItem(catalog, item, index));
  const problems = priced.flatMap((result) => ('problem' in result ? [result.problem] : []));
  const [first] = problems;
  if (first !== undefined)
    throw new ValidationError(
      first.code,
      'Some items cannot be ordered',
      problems.map(({ field, message }) => ({ field, message })),
    );
  // Every sku was found, so the catalog has products and hence a currency; this narrows the type.
  if (catalog.currency === undefined) throw nothingToOrder('this merchant lists no products');
  const items = priced.flatMap((result) => ('line' in result ? [result.line] : []));
  const totalMinor = items.reduce((sum, line) => sum + line.lineTotalMinor, 0);
  return { items, totalMinor, currency: catalog.currency };
};
