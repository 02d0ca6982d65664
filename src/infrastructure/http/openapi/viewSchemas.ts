import { ENTITY_KINDS } from '../../../application/audit/entities';
import { FUNNEL_STEPS } from '../../../projections/analytics/migration';
import { ORDER_STEPS } from '../../../projections/orders/migration';
import { integer, object, POSITION_TOKEN, ref, SKU, TIMESTAMP_SCHEMA, uuid } from './schemas';
import type { JsonSchema } from './spec';

const text = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description === undefined ? {} : { description }),
});
const orNull = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const DAY = text('YYYY-MM-DD (UTC).');
const CURSOR = orNull(text('Pass as `cursor` for the next page; null on the last page.'));
const page = (item: string): JsonSchema => object({ items: list(ref(item)), nextCursor: CURSOR });
const RATE = orNull({ type: 'number', description: 'Share rounded to four decimals; null when undefined.' });
const RATES = ['paidOfPlaced', 'completedOfPaid', 'completedOfPlaced', 'cancellationRate'] as const;
const funnelCounts = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, integer()]));

const ORDER_SUMMARY = {
  orderId: uuid(),
  customerId: uuid(),
  merchantId: uuid(),
  status: { type: 'string', enum: ['placed', ...ORDER_STEPS] },
  totalMinor: integer(),
  currency: text(),
  placedAt: TIMESTAMP_SCHEMA,
  updatedAt: TIMESTAMP_SCHEMA,
};

const EVENT = object({
  eventId: uuid(),
  type: text(),
  streamName: text(),
  revision: text('Stream revision (a decimal string: it may exceed 2^53).'),
  position: POSITION_TOKEN,
  recordedAt: TIMESTAMP_SCHEMA,
  data: { description: 'Event data with personal data masked.' },
  metadata: { description: 'correlationId, causationId, userId, schemaVersion, hash, prevHash.' },
});

/** Views of the read models, the auditors' and the analysts' answers. */
export const VIEW_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  UserProfile: object({
    userId: uuid(),
    email: text(),
    displayName: text(),
    roles: list(text()),
    registeredAt: TIMESTAMP_SCHEMA,
  }),
  OrderSummary: object(ORDER_SUMMARY),
  Order: object({
    ...ORDER_SUMMARY,
    items: list(
      object({
        sku: SKU,
        name: text(),
        quantity: integer(),
        unitPriceMinor: integer(),
        lineTotalMinor: integer(),
      }),
    ),
    steps: {
      type: 'object',
      description: 'When each step was reached.',
      properties: Object.fromEntries(ORDER_STEPS.map((step) => [step, TIMESTAMP_SCHEMA])),
    },
    paidMinor: orNull(integer()),
    refundedMinor: orNull(integer()),
    cancelReason: orNull(text()),
    rejectionReason: orNull(text()),
  }),
  OrderPage: page('OrderSummary'),
  Product: object({
    merchantId: uuid(),
    sku: SKU,
    name: text(),
    priceMinor: integer(),
    currency: text(),
    listed: { type: 'boolean' },
    updatedAt: TIMESTAMP_SCHEMA,
  }),
  Products: object({ items: list(ref('Product')) }),
  Wallet: object({
    userId: uuid(),
    balanceMinor: integer(),
    currency: orNull(text('Null until the first wallet event.')),
    transactionCount: integer(),
    updatedAt: orNull(TIMESTAMP_SCHEMA),
  }),
  WalletTransaction: object({
    transactionId: text(),
    kind: { type: 'string', enum: ['top_up', 'charge', 'charge_declined', 'refund', 'payout'] },
    amountMinor: integer(),
    balanceEffectMinor: integer('Signed change of the balance (a charge is negative).'),
    orderId: orNull(uuid()),
    externalReference: orNull(text()),
    occurredAt: TIMESTAMP_SCHEMA,
  }),
  WalletTransactionPage: page('WalletTransaction'),
  AuditEvent: EVENT,
  StreamHistory: object({
    streamName: text(),
    events: list(ref('AuditEvent')),
    nextRevision: orNull(text()),
  }),
  EventPage: object({ events: list(ref('AuditEvent')), nextCursor: orNull(POSITION_TOKEN) }),
  CorrelationTrace: object({
    correlationId: text(),
    events: list(ref('AuditEvent')),
    nextCursor: orNull(POSITION_TOKEN),
  }),
  StreamVerification: object({
    streamName: text(),
    ok: { type: 'boolean' },
    eventsChecked: integer(),
    lastRevision: orNull(text()),
    brokenLink: orNull({
      type: 'object',
      description: 'The first link whose hash does not match.',
      properties: {
        streamName: text(),
        revision: text(),
        reason: text(),
        expected: text(),
        found: orNull(text()),
      },
    }),
  }),
  EntityState: object({
    kind: { type: 'string', enum: [...ENTITY_KINDS] },
    id: text(),
    streamName: text(),
    revision: orNull(text()),
    recordedAt: orNull(TIMESTAMP_SCHEMA),
    eventsApplied: integer(),
    state: { description: 'The entity state folded with the domain’s own evolve (personal data masked).' },
  }),
  DailySales: object({
    from: DAY,
    to: DAY,
    rows: list(
      object({
        merchantId: uuid(),
        day: DAY,
        orders: integer(),
        grossMinor: integer(),
        refundedMinor: integer(),
      }),
    ),
  }),
  ProductSales: object({
    from: DAY,
    to: DAY,
    rows: list(
      object({ merchantId: uuid(), sku: SKU, day: DAY, quantity: integer(), revenueMinor: integer() }),
    ),
  }),
  OrderFunnel: object({
    from: DAY,
    to: DAY,
    totals: object(funnelCounts),
    rates: object({
      ...Object.fromEntries(RATES.map((rate) => [rate, RATE])),
      paymentFailureRate: RATE,
      rejectionRate: RATE,
    }),
    days: list(object({ day: DAY, ...funnelCounts })),
  }),
};
