import { type PlaceOrder } from '../../../../src/domain/ordering/commands';
import { orderDecider } from '../../../../src/domain/ordering/decide';
import { OrderErrorCodes } from '../../../../src/domain/ordering/errors';
import { type OrderLine } from '../../../../src/domain/ordering/events';
import { ConflictError, ValidationError } from '../../../../src/domain/shared/errors';
import { DeciderSpecification, thrownBy } from '../deciderSpecification';
import { customerId, histories, items, line, merchantId, now, orderId, placed } from './fixtures';

const given = DeciderSpecification.for(orderDecider);

const place = (
  lines: readonly OrderLine[] = items,
  overrides: Partial<PlaceOrder['data']> = {},
): PlaceOrder => ({
  type: 'PlaceOrder',
  data: { orderId, customerId, merchantId, items: lines, currency: 'EUR', now, ...overrides },
});

const thenInvalid = (lines: readonly OrderLine[], code: string) =>
  given(histories.empty).when(place(lines)).thenThrows(ValidationError, code);

describe('placing an order', () => {
  describe('when the order id is new', () => {
    it('places the order with its total', () => {
      given(histories.empty).when(place()).then([placed]);
    });

    it('keeps only the line fields of the catalogue in the event', () => {
      const withExtra = items.map((item) => ({ ...item, secret: 'x' }));
      given(histories.empty).when(place(withExtra)).then([placed]);
    });

    it('accepts 100 lines of 1000 items', () => {
      const many = Array.from({ length: 100 }, (_, i) => line(`sku-${i}`, 1_000, 1_000_000_000));
      const [event] = orderDecider.decide(place(many), orderDecider.initialState());
      expect(event?.type === 'OrderPlaced' && event.data.totalMinor).toBe(100 * 1_000 * 1_000_000_000);
    });

    it('refuses an order without lines', () => thenInvalid([], OrderErrorCodes.INVALID_ITEMS));
    it('refuses more than 100 lines', () =>
      thenInvalid(
        Array.from({ length: 101 }, (_, i) => line(`sku-${i}`, 1, 100)),
        OrderErrorCodes.INVALID_ITEMS,
      ));
    it.each([0, -1, 1.5, 1_001])('refuses the quantity %p', (quantity) =>
      thenInvalid([line('latte', quantity, 350)], OrderErrorCodes.INVALID_QUANTITY),
    );
    it('refuses a line total that is not quantity × unit price', () =>
      thenInvalid([{ ...line('latte', 2, 350), lineTotalMinor: 1 }], OrderErrorCodes.INVALID_LINE));
    it('refuses a non-positive unit price', () =>
      thenInvalid([line('latte', 1, 0)], OrderErrorCodes.INVALID_LINE));
    it('refuses a line total beyond the safe integer range', () =>
      thenInvalid([line('latte', 8, 2 ** 51)], OrderErrorCodes.INVALID_LINE));
    it('refuses a total beyond the safe integer range', () => {
      const big = 2 ** 52;
      thenInvalid([line('a', 1, big), line('b', 1, big)], OrderErrorCodes.TOTAL_TOO_LARGE);
    });
    it('refuses the same sku on two lines', () =>
      thenInvalid([line('latte', 1, 350), line('latte', 2, 350)], OrderErrorCodes.DUPLICATE_SKU));

    it('refuses a malformed currency', () => {
      given(histories.empty)
        .when(place(items, { currency: 'euro' }))
        .thenThrows(ValidationError, OrderErrorCodes.INVALID_CURRENCY);
    });

    it('reports every invalid field at once', () => {
      const lines = [line('latte', 0, 350), { ...line('tea', 1, 100), name: ' ' }];
      const error = thrownBy(() => orderDecider.decide(place(lines), orderDecider.initialState()));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({
        code: OrderErrorCodes.INVALID_QUANTITY,
        details: { errors: [{ field: 'items[0].quantity' }, { field: 'items[1].name' }] },
      });
    });
  });

  describe('when placed', () => {
    it('ignores a retry with the same content (offline retry)', () => {
      given(histories.placed).when(place()).thenNothing();
    });

    it('ignores a retry priced after a price change', () => {
      given(histories.placed)
        .when(place([line('latte', 2, 400), line('croissant', 1, 220)]))
        .thenNothing();
    });

    it('refuses the same id with other items', () => {
      given(histories.placed)
        .when(place([line('latte', 3, 350)]))
        .thenThrows(ConflictError, OrderErrorCodes.ALREADY_EXISTS);
    });

    it('refuses the same id for another customer', () => {
      given(histories.placed)
        .when(place(items, { customerId: merchantId }))
        .thenThrows(ConflictError, OrderErrorCodes.ALREADY_EXISTS);
    });
  });

  describe('when completed', () => {
    it('still ignores a late retry with the same content', () => {
      given(histories.completed).when(place()).thenNothing();
    });
  });
});
