import { ConflictError, type FieldError, ValidationError } from '../shared/errors';
import { isCurrencyCode, isPositiveMinor, isText } from '../shared/validation';
import { type PlaceOrder } from './commands';
import { OrderErrorCodes as Codes, type OrderErrorCode } from './errors';
import { type OrderEvent, type OrderLine } from './events';
import { type OrderState } from './state';

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 1_000;

type Problem = FieldError & { code: OrderErrorCode };

const lineProblems = (line: OrderLine, index: number): Problem[] => {
  const field = (name: string) => `items[${index}].${name}`;
  const problems: Problem[] = [];
  const { sku, name, quantity, unitPriceMinor, lineTotalMinor } = line;
  if (!isText(sku, 64))
    problems.push({ code: Codes.INVALID_LINE, field: field('sku'), message: 'must be 1..64 characters' });
  if (!isText(name, 200))
    problems.push({ code: Codes.INVALID_LINE, field: field('name'), message: 'must not be blank' });
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY)
    problems.push({
      code: Codes.INVALID_QUANTITY,
      field: field('quantity'),
      message: `must be 1..${MAX_LINE_QUANTITY}`,
    });
  if (!isPositiveMinor(unitPriceMinor))
    problems.push({
      code: Codes.INVALID_LINE,
      field: field('unitPriceMinor'),
      message: 'must be a positive integer',
    });
  else if (!Number.isSafeInteger(lineTotalMinor) || lineTotalMinor !== quantity * unitPriceMinor)
    problems.push({
      code: Codes.INVALID_LINE,
      field: field('lineTotalMinor'),
      message: 'must be quantity × unitPriceMinor',
    });
  return problems;
};

const duplicateSkuProblems = (items: readonly OrderLine[]): Problem[] =>
  items
    .map((line, index) => ({ line, index }))
    .filter(({ line, index }) => items.findIndex((other) => other.sku === line.sku) !== index)
    .map(({ index }) => ({
      code: Codes.DUPLICATE_SKU,
      field: `items[${index}].sku`,
      message: 'appears twice',
    }));

const orderProblems = ({ items, currency }: PlaceOrder['data']): Problem[] => {
  if (items.length < 1 || items.length > MAX_ORDER_LINES)
    return [{ code: Codes.INVALID_ITEMS, field: 'items', message: `must hold 1..${MAX_ORDER_LINES} lines` }];
  const problems = [...items.flatMap(lineProblems), ...duplicateSkuProblems(items)];
  if (!isCurrencyCode(currency))
    problems.push({
      code: Codes.INVALID_CURRENCY,
      field: 'currency',
      message: 'must be a three-letter code',
    });
  if (problems.length === 0 && !Number.isSafeInteger(totalOf(items)))
    problems.push({ code: Codes.TOTAL_TOO_LARGE, field: 'items', message: 'the total is too large' });
  return problems;
};

const totalOf = (items: readonly OrderLine[]): number =>
  items.reduce((sum, line) => sum + line.lineTotalMinor, 0);

/** A retried placement asks for the same thing; prices may have moved since, so they are not compared. */
const sameRequest = (
  existing: Exclude<OrderState, { status: 'empty' }>,
  data: PlaceOrder['data'],
): boolean => {
  const { order } = existing;
  const requested = (items: readonly OrderLine[]) =>
    items.map(({ sku, quantity }) => `${sku}×${quantity}`).join('|');
  return (
    order.customerId === data.customerId &&
    order.merchantId === data.merchantId &&
    order.currency === data.currency &&
    requested(order.items) === requested(data.items)
  );
};

export const placeOrder = (data: PlaceOrder['data'], state: OrderState): OrderEvent[] => {
  const problems = orderProblems(data);
  const [first] = problems;
  if (first !== undefined)
    throw new ValidationError(
      first.code,
      'The order is invalid',
      problems.map(({ field, message }) => ({ field, message })),
    );
  if (state.status !== 'empty') {
    if (sameRequest(state, data)) return [];
    throw new ConflictError(Codes.ALREADY_EXISTS, 'Another order already has this id', {
      orderId: data.orderId,
    });
  }
  const { orderId, customerId, merchantId, items, currency, now } = data;
  const totalMinor = totalOf(items);
  const lines = items.map(({ sku, name, quantity, unitPriceMinor, lineTotalMinor }) => ({
    sku,
    name,
    quantity,
    unitPriceMinor,
    lineTotalMinor,
  }));
  return [
    {
      type: 'OrderPlaced',
      data: { orderId, customerId, merchantId, items: lines, totalMinor, currency, placedAt: now },
    },
  ];
};
