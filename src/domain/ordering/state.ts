import { assertNever } from '../shared/decider';
import { type OrderEvent, type OrderLine, type OrderPlaced } from './events';

export type OrderDetails = Readonly<{
  orderId: string;
  customerId: string;
  merchantId: string;
  items: readonly OrderLine[];
  totalMinor: number;
  currency: string;
  placedAt: string;
}>;

type With<Status extends string, Extra = unknown> = Readonly<{ status: Status; order: OrderDetails } & Extra>;
type Paid = { paidMinor: number };

/** `cancelled` keeps `paidMinor` only when the order was paid first (then a refund is due). */
export type OrderState =
  | Readonly<{ status: 'empty' }>
  | With<'placed'>
  | With<'payment_failed'>
  | With<'paid', Paid>
  | With<'accepted', Paid>
  | With<'ready', Paid>
  | With<'completed', Paid>
  | With<'cancelled', { paidMinor: number | undefined }>
  | With<'rejected', Paid>
  | With<'refunded', Paid & { refundedMinor: number; endedAs: 'cancelled' | 'rejected' }>;

export type OrderStatus = OrderState['status'];
export type ExistingOrder = Exclude<OrderState, { status: 'empty' }>;

export const initialOrderState = (): OrderState => ({ status: 'empty' });

/** The amount recorded as paid, if the order ever was. */
export const paidAmount = (state: OrderState): number | undefined =>
  'paidMinor' in state ? state.paidMinor : undefined;

const placed = ({
  orderId,
  customerId,
  merchantId,
  items,
  totalMinor,
  currency,
  placedAt,
}: OrderPlaced['data']): OrderState => ({
  status: 'placed',
  order: { orderId, customerId, merchantId, items, totalMinor, currency, placedAt },
});

/** Events only follow decisions, so a transition from an unexpected status leaves the state as it was. */
export const evolveOrder = (state: OrderState, event: OrderEvent): OrderState => {
  switch (event.type) {
    case 'OrderPlaced':
      return placed(event.data);
    case 'OrderPaid':
      return state.status === 'placed'
        ? { ...state, status: 'paid', paidMinor: event.data.amountMinor }
        : state;
    case 'OrderPaymentFailed':
      return state.status === 'placed' ? { ...state, status: 'payment_failed' } : state;
    case 'OrderAccepted':
      return state.status === 'paid' ? { ...state, status: 'accepted' } : state;
    case 'OrderMarkedReady':
      return state.status === 'accepted' ? { ...state, status: 'ready' } : state;
    case 'OrderCompleted':
      return state.status === 'ready' ? { ...state, status: 'completed' } : state;
    case 'OrderCancelled':
      if (state.status !== 'placed' && state.status !== 'paid') return state;
      return { status: 'cancelled', order: state.order, paidMinor: paidAmount(state) };
    case 'OrderRejected':
      if (state.status !== 'paid' && state.status !== 'accepted') return state;
      return { status: 'rejected', order: state.order, paidMinor: state.paidMinor };
    case 'OrderRefunded':
      return refunded(state, event.data.amountMinor);
    default:
      return assertNever(event);
  }
};

const refunded = (state: OrderState, refundedMinor: number): OrderState => {
  if (state.status !== 'cancelled' && state.status !== 'rejected') return state;
  if (state.paidMinor === undefined) return state;
  return {
    status: 'refunded',
    order: state.order,
    paidMinor: state.paidMinor,
    refundedMinor,
    endedAs: state.status,
  };
};

export const foldOrder = (events: readonly OrderEvent[]): OrderState =>
  events.reduce(evolveOrder, initialOrderState());
