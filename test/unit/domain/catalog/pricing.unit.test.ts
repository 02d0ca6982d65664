import { CatalogErrorCodes as Codes } from '../../../../src/domain/catalog/errors';
import { priceOrderItems } from '../../../../src/domain/catalog/pricing';
import { foldCatalog } from '../../../../src/domain/catalog/state';
import { orderDecider } from '../../../../src/domain/ordering/decide';
import { ValidationError } from '../../../../src/domain/shared/errors';
import { thrownBy } from '../deciderSpecification';
import { delisted, listed, priceChanged } from './fixtures';

const catalog = foldCatalog([
  listed('latte', 350, 'Latte'),
  listed('croissant', 220, 'Croissant'),
  listed('muffin', 300, 'Muffin'),
  priceChanged('latte', 350, 380),
  delisted('muffin'),
]);

describe('pricing order items from a catalog', () => {
  it('prices each line at the current price', () => {
    expect(
      priceOrderItems(catalog, [
        { sku: 'latte', quantity: 2 },
        { sku: 'croissant', quantity: 3 },
      ]),
    ).toEqual({
      items: [
        { sku: 'latte', name: 'Latte', quantity: 2, unitPriceMinor: 380, lineTotalMinor: 760 },
        { sku: 'croissant', name: 'Croissant', quantity: 3, unitPriceMinor: 220, lineTotalMinor: 660 },
      ],
      totalMinor: 1_420,
      currency: 'EUR',
    });
  });

  it('names every unknown and delisted sku', () => {
    const error = thrownBy(() =>
      priceOrderItems(catalog, [
        { sku: 'latte', quantity: 1 },
        { sku: 'bagel', quantity: 1 },
        { sku: 'muffin', quantity: 1 },
      ]),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: Codes.UNKNOWN_SKU,
      details: { errors: [{ field: 'items[1].sku' }, { field: 'items[2].sku' }] },
    });
  });

  it('refuses a delisted sku', () => {
    expect(thrownBy(() => priceOrderItems(catalog, [{ sku: 'muffin', quantity: 1 }]))).toMatchObject({
      code: Codes.PRODUCT_DELISTED,
    });
  });

  it('refuses an empty basket', () => {
    expect(thrownBy(() => priceOrderItems(catalog, []))).toMatchObject({ code: Codes.NO_ITEMS });
  });

  it('finds nothing in an empty catalog', () => {
    expect(thrownBy(() => priceOrderItems(foldCatalog([]), [{ sku: 'latte', quantity: 1 }]))).toMatchObject({
      code: Codes.UNKNOWN_SKU,
    });
  });

  it('yields lines the order decider accepts as they are', () => {
    const priced = priceOrderItems(catalog, [{ sku: 'latte', quantity: 2 }]);
    const placed = orderDecider.decide(
      {
        type: 'PlaceOrder',
        data: {
          orderId: 'e7d6c5b4-a392-4817-8f6e-5d4c3b2a1908',
          customerId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
          merchantId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
          items: priced.items,
          currency: priced.currency,
          now: '2026-01-10T12:00:00.000Z',
        },
      },
      orderDecider.initialState(),
    );
    expect(placed).toMatchObject([
      { type: 'OrderPlaced', data: { items: priced.items, totalMinor: priced.totalMinor } },
    ]);
  });
});
