import { type OrderCommand } from '../../../../src/domain/ordering/commands';
import { orderDecider } from '../../../../src/domain/ordering/decide';
import { OrderErrorCodes as Codes } from '../../../../src/domain/ordering/errors';
import { type OrderEvent } from '../../../../src/domain/ordering/events';
import { IllegalStateError, NotFoundError, type OrderlyError } from '../../../../src/domain/shared/errors';
import { DeciderSpecification } from '../deciderSpecification';
import {
  accepted,
  cancelled,
  completed,
  customerId,
  histories,
  historyNames,
  type HistoryName,
  markedReady,
  merchantId,
  now,
  orderId,
  paid,
  paymentFailed,
  refunded,
  rejected,
  totalMinor,
} from './fixtures';

const given = DeciderSpecification.for(orderDecider);
type Outcome = readonly OrderEvent[] | readonly [new (...args: never[]) => OrderlyError, string];

/** For each command: the outcome in named states, and the illegal-transition code in every other one. */
const table: readonly {
  command: OrderCommand;
  outcomes: Partial<Record<HistoryName, Outcome>>;
  otherwise: string;
}[] = [
  {
    command: { type: 'CancelOrder', data: { orderId, actorId: customerId, now } },
    outcomes: {
      placed: [cancelled(false)],
      paid: [cancelled(true)],
      'cancelled unpaid': [IllegalStateError, Codes.ALREADY_CANCELLED],
      'cancelled paid': [IllegalStateError, Codes.ALREADY_CANCELLED],
      'refunded after cancel': [IllegalStateError, Codes.ALREADY_CANCELLED],
    },
    otherwise: Codes.NOT_CANCELLABLE,
  },
  {
    command: { type: 'AcceptOrder', data: { orderId, actorId: merchantId, now } },
    outcomes: { paid: [accepted] },
    otherwise: Codes.NOT_ACCEPTABLE,
  },
  {
    command: { type: 'MarkOrderReady', data: { orderId, actorId: merchantId, now } },
    outcomes: { accepted: [markedReady] },
    otherwise: Codes.CANNOT_MARK_READY,
  },
  {
    command: { type: 'CompleteOrder', data: { orderId, actorId: merchantId, now } },
    outcomes: { ready: [completed] },
    otherwise: Codes.NOT_COMPLETABLE,
  },
  {
    command: { type: 'RejectOrder', data: { orderId, actorId: merchantId, reason: 'out of stock', now } },
    outcomes: { paid: [rejected()], accepted: [rejected()] },
    otherwise: Codes.NOT_REJECTABLE,
  },
  {
    command: { type: 'RecordPayment', data: { orderId, amountMinor: totalMinor, now } },
    outcomes: {
      placed: [paid],
      ...Object.fromEntries(
        (['paid', 'accepted', 'ready', 'completed', 'cancelled paid', 'rejected'] as const).map((name) => [
          name,
          [],
        ]),
      ),
      'refunded after cancel': [],
      'refunded after reject': [],
    },
    otherwise: Codes.NOT_AWAITING_PAYMENT,
  },
  {
    command: { type: 'RecordPaymentFailure', data: { orderId, reason: 'INSUFFICIENT_FUNDS', now } },
    outcomes: { placed: [paymentFailed], payment_failed: [], 'cancelled unpaid': [] },
    otherwise: Codes.ALREADY_PAID,
  },
  {
    command: { type: 'RecordRefund', data: { orderId, amountMinor: totalMinor, now } },
    outcomes: {
      'cancelled paid': [refunded()],
      'cancelled unpaid': [],
      rejected: [refunded()],
      'refunded after cancel': [],
      'refunded after reject': [],
    },
    otherwise: Codes.NOT_REFUNDABLE,
  },
];

describe.each(table)('$command.type', ({ command, outcomes, otherwise }) => {
  describe.each(historyNames)('when %s', (name) => {
    const outcome: Outcome =
      name === 'empty'
        ? [NotFoundError, Codes.NOT_FOUND]
        : (outcomes[name] ?? [IllegalStateError, otherwise]);
    const [first, second] = outcome;
    if (typeof first === 'function' && typeof second === 'string')
      it(`throws ${second}`, () => given(histories[name]).when(command).thenThrows(first, second));
    else
      it(`decides ${outcome.length} event(s)`, () =>
        given(histories[name])
          .when(command)
          .then(outcome as OrderEvent[]));
  });
});

describe('folding an order history', () => {
  const expectedStatus: Record<HistoryName, string> = {
    empty: 'empty',
    placed: 'placed',
    payment_failed: 'payment_failed',
    paid: 'paid',
    accepted: 'accepted',
    ready: 'ready',
    completed: 'completed',
    'cancelled unpaid': 'cancelled',
    'cancelled paid': 'cancelled',
    rejected: 'rejected',
    'refunded after cancel': 'refunded',
    'refunded after reject': 'refunded',
  };

  it.each(historyNames)('reaches the status of %s', (name) => {
    const state = histories[name].reduce(orderDecider.evolve, orderDecider.initialState());
    expect(state.status).toBe(expectedStatus[name]);
  });

  it('ignores an event that does not follow from the status', () => {
    const state = [...histories.placed, accepted].reduce(orderDecider.evolve, orderDecider.initialState());
    expect(state.status).toBe('placed');
  });
});
