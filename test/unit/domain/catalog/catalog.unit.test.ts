import {
  type ChangePrice,
  type DelistProduct,
  type ListProduct,
} from '../../../../src/domain/catalog/commands';
import { catalogDecider, MAX_PRICE_MINOR } from '../../../../src/domain/catalog/decide';
import { CatalogErrorCodes as Codes } from '../../../../src/domain/catalog/errors';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../../src/domain/shared/errors';
import { DeciderSpecification } from '../deciderSpecification';
import { delisted, listed, merchantId, now, otherMerchantId, priceChanged } from './fixtures';

const given = DeciderSpecification.for(catalogDecider);

const list = (
  sku: string,
  priceMinor: number,
  overrides: Partial<ListProduct['data']> = {},
): ListProduct => ({
  type: 'ListProduct',
  data: {
    merchantId,
    actorId: merchantId,
    sku,
    name: `Product ${sku}`,
    priceMinor,
    currency: 'EUR',
    now,
    ...overrides,
  },
});
const changePrice = (sku: string, priceMinor: number, actorId = merchantId): ChangePrice => ({
  type: 'ChangePrice',
  data: { merchantId, actorId, sku, priceMinor, now },
});
const delist = (sku: string, actorId = merchantId): DelistProduct => ({
  type: 'DelistProduct',
  data: { merchantId, actorId, sku, now },
});

describe('listing a product', () => {
  describe('when the sku is new', () => {
    it('lists it', () =>
      given([])
        .when(list('latte', 350))
        .then([listed('latte', 350)]));

    it('trims the name', () =>
      given([])
        .when(list('latte', 350, { name: '  Product latte ' }))
        .then([listed('latte', 350)]));

    it('refuses another merchant acting on this catalog', () =>
      given([])
        .when(list('latte', 350, { actorId: otherMerchantId }))
        .thenThrows(ForbiddenError, Codes.NOT_OWNER));

    it.each([0, -1, 3.5, MAX_PRICE_MINOR + 1, Number.NaN])('refuses the price %p', (price) =>
      given([]).when(list('latte', price)).thenThrows(ValidationError, Codes.INVALID_PRICE),
    );

    it('accepts the highest allowed price', () =>
      given([])
        .when(list('gold', MAX_PRICE_MINOR))
        .then([listed('gold', MAX_PRICE_MINOR)]));

    it.each(['', ' latte', 'la/tte', 'x'.repeat(65)])('refuses the sku %p', (sku) =>
      given([]).when(list(sku, 350)).thenThrows(ValidationError, Codes.INVALID_SKU),
    );

    it('refuses a blank name', () =>
      given([])
        .when(list('latte', 350, { name: '   ' }))
        .thenThrows(ValidationError, Codes.INVALID_NAME));

    it('refuses a malformed currency', () =>
      given([])
        .when(list('latte', 350, { currency: 'E' }))
        .thenThrows(ValidationError, Codes.INVALID_CURRENCY));
  });

  describe('when the catalog has products in EUR', () => {
    it('refuses a product in another currency', () =>
      given([listed('latte', 350)])
        .when(list('tea', 300, { currency: 'USD' }))
        .thenThrows(ValidationError, Codes.CURRENCY_MISMATCH));
  });

  describe('when the sku is listed', () => {
    it('refuses to list it twice', () =>
      given([listed('latte', 350)])
        .when(list('latte', 350))
        .thenThrows(ConflictError, Codes.SKU_ALREADY_LISTED));
  });

  describe('when the sku was delisted', () => {
    it('lists it again', () =>
      given([listed('latte', 350), delisted('latte')])
        .when(list('latte', 380))
        .then([listed('latte', 380)]));
  });
});

describe('changing a price', () => {
  describe('when listed', () => {
    const history = [listed('latte', 350)];

    it('records the new and previous price', () =>
      given(history)
        .when(changePrice('latte', 380))
        .then([priceChanged('latte', 350, 380)]));

    it('uses the latest price as the previous one', () =>
      given([...history, priceChanged('latte', 350, 380)])
        .when(changePrice('latte', 400))
        .then([priceChanged('latte', 380, 400)]));

    it('records nothing for the same price', () =>
      given(history).when(changePrice('latte', 350)).thenNothing());

    it('refuses another merchant', () =>
      given(history)
        .when(changePrice('latte', 1, otherMerchantId))
        .thenThrows(ForbiddenError, Codes.NOT_OWNER));

    it('refuses an invalid price', () =>
      given(history).when(changePrice('latte', 0)).thenThrows(ValidationError, Codes.INVALID_PRICE));
  });

  describe('when the sku is unknown', () => {
    it('is not found', () =>
      given([listed('latte', 350)])
        .when(changePrice('tea', 300))
        .thenThrows(NotFoundError, Codes.UNKNOWN_SKU));
  });

  describe('when delisted', () => {
    it('is not found', () =>
      given([listed('latte', 350), delisted('latte')])
        .when(changePrice('latte', 300))
        .thenThrows(NotFoundError, Codes.PRODUCT_DELISTED));
  });
});

describe('delisting a product', () => {
  describe('when listed', () => {
    it('delists it', () =>
      given([listed('latte', 350)])
        .when(delist('latte'))
        .then([delisted('latte')]));

    it('refuses another merchant', () =>
      given([listed('latte', 350)])
        .when(delist('latte', otherMerchantId))
        .thenThrows(ForbiddenError, Codes.NOT_OWNER));
  });

  describe('when delisted', () => {
    it('records nothing more', () =>
      given([listed('latte', 350), delisted('latte')])
        .when(delist('latte'))
        .thenNothing());
  });

  describe('when the sku is unknown', () => {
    it('is not found', () => given([]).when(delist('latte')).thenThrows(NotFoundError, Codes.UNKNOWN_SKU));
  });
});
