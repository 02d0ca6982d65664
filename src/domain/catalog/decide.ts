import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { isCurrencyCode, isPositiveMinor, isText } from '../shared/validation';
import { type CatalogCommand, type ChangePrice, type DelistProduct, type ListProduct } from './commands';
import { CatalogErrorCodes as Codes, type CatalogErrorCode } from './errors';
import { type CatalogEvent } from './events';
import { type CatalogState, evolveCatalog, initialCatalogState, type Product, productOf } from './state';

/** 10 million in a two-decimal currency: larger prices are typos. */
export const MAX_PRICE_MINOR = 1_000_000_000;
export const MAX_PRODUCT_NAME_LENGTH = 200;
const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const invalid = (code: CatalogErrorCode, field: string, message: string) =>
  new ValidationError(code, `${field} ${message}`, [{ field, message }]);

const validatePrice = (priceMinor: number): void => {
  if (!isPositiveMinor(priceMinor, MAX_PRICE_MINOR))
    throw invalid(Codes.INVALID_PRICE, 'priceMinor', `must be an integer in 1..${MAX_PRICE_MINOR}`);
};

const validateListing = (
  { sku, name, priceMinor, currency }: ListProduct['data'],
  state: CatalogState,
): void => {
  if (!SKU_PATTERN.test(sku))
    throw invalid(Codes.INVALID_SKU, 'sku', 'must be 1..64 letters, digits, ".", "_" or "-"');
  if (!isText(name, MAX_PRODUCT_NAME_LENGTH))
    throw invalid(Codes.INVALID_NAME, 'name', `must be 1..${MAX_PRODUCT_NAME_LENGTH} characters`);
  validatePrice(priceMinor);
  if (!isCurrencyCode(currency))
    throw invalid(Codes.INVALID_CURRENCY, 'currency', 'must be a three-letter code');
  if (state.currency !== undefined && state.currency !== currency)
    throw invalid(
      Codes.CURRENCY_MISMATCH,
      'currency',
      `must be ${state.currency}, the currency of this catalog`,
    );
};

const requireOwner = ({ merchantId, actorId }: { merchantId: string; actorId: string }): void => {
  if (merchantId !== actorId)
    throw new ForbiddenError(Codes.NOT_OWNER, "Only a catalog's merchant may change it");
};

const requireListed = (state: CatalogState, sku: string): Product & { status: 'listed' } => {
  const product = productOf(state, sku);
  if (product === undefined) throw new NotFoundError(Codes.UNKNOWN_SKU, `No product with sku ${sku}`);
  if (product.status === 'delisted')
    throw new NotFoundError(Codes.PRODUCT_DELISTED, `Product ${sku} is delisted`);
  return product;
};

const listProduct = (data: ListProduct['data'], state: CatalogState): CatalogEvent[] => {
  requireOwner(data);
  validateListing(data, state);
  if (productOf(state, data.sku)?.status === 'listed')
    throw new ConflictError(Codes.SKU_ALREADY_LISTED, `A product with sku ${data.sku} is listed`, {
      sku: data.sku,
    });
  const { merchantId, sku, name, priceMinor, currency, now } = data;
  return [
    {
      type: 'ProductListed',
      data: { merchantId, sku, name: name.trim(), priceMinor, currency, listedAt: now },
    },
  ];
};

const changePrice = (data: ChangePrice['data'], state: CatalogState): CatalogEvent[] => {
  requireOwner(data);
  validatePrice(data.priceMinor);
  const product = requireListed(state, data.sku);
  if (product.priceMinor === data.priceMinor) return [];
  const { merchantId, sku, priceMinor, now } = data;
  const previousPriceMinor = product.priceMinor;
  return [
    {
      type: 'ProductPriceChanged',
      data: { merchantId, sku, priceMinor, previousPriceMinor, changedAt: now },
    },
  ];
};

/** Delisting twice leaves the product delisted, so the repeat is a no-op. */
const delistProduct = (data: DelistProduct['data'], state: CatalogState): CatalogEvent[] => {
  requireOwner(data);
  const product = productOf(state, data.sku);
  if (product === undefined) throw new NotFoundError(Codes.UNKNOWN_SKU, `No product with sku ${data.sku}`);
  if (product.status === 'delisted') return [];
  return [
    { type: 'ProductDelisted', data: { merchantId: data.merchantId, sku: data.sku, delistedAt: data.now } },
  ];
};

export const decideCatalog = (command: CatalogCommand, state: CatalogState): readonly CatalogEvent[] => {
  switch (command.type) {
    case 'ListProduct':
      return listProduct(command.data, state);
    case 'ChangePrice':
      return changePrice(command.data, state);
    case 'DelistProduct':
      return delistProduct(command.data, state);
    default:
      return assertNever(command);
  }
};

export const catalogDecider: Decider<CatalogCommand, CatalogEvent, CatalogState> = {
  decide: decideCatalog,
  evolve: evolveCatalog,
  initialState: initialCatalogState,
};
