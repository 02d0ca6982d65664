import { isOrderlyEvent, type OrderlyEvent } from '../../domain/events';
import { isOrderEvent, type OrderEvent } from '../../domain/ordering/events';
import type { RecordedEvent } from '../eventStore/eventStore';
import {
  type NotificationData,
  type NotificationKind,
  notificationId,
  type UserNotification,
} from './notification';

type Draft = Readonly<{
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: NotificationData;
  occurredAt: string;
}>;

type Notice = Readonly<{ kind: NotificationKind; title: string; body: string; at: string }>;

/** One entry per order event type (the compiler rejects a missing one); undefined: nobody is told. */
type OrderNotices = {
  readonly [Type in OrderEvent['type']]: (
    event: Extract<OrderEvent, { type: Type }>,
    order: string,
  ) => Notice | undefined;
};

/** Amounts in minor units of a two-decimal currency (the platform currency, DESIGN §6). */
const money = (minor: number, currency = ''): string => `${(minor / 100).toFixed(2)} ${currency}`.trim();

const toCustomer: OrderNotices = {
  OrderPlaced: () => undefined, // the customer just placed it
  OrderPaid: ({ data }, order) => ({
    kind: 'order_paid',
    title: `${order} is paid`,
    body: `We received ${money(data.amountMinor)}.`,
    at: data.paidAt,
  }),
  OrderPaymentFailed: ({ data }, order) => ({
    kind: 'order_payment_failed',
    title: `${order}: payment failed`,
    body: 'Your wallet balance was too low.',
    at: data.failedAt,
  }),
  OrderAccepted: ({ data }, order) => ({
    kind: 'order_accepted',
    title: `${order} accepted`,
    body: 'The merchant is preparing it.',
    at: data.acceptedAt,
  }),
  OrderMarkedReady: ({ data }, order) => ({
    kind: 'order_ready',
    title: `${order} is ready`,
    body: 'It is ready for you.',
    at: data.readyAt,
  }),
  OrderCompleted: ({ data }, order) => ({
    kind: 'order_completed',
    title: `${order} completed`,
    body: 'Thank you for your order.',
    at: data.completedAt,
  }),
  OrderCancelled: ({ data }, order) => ({
    kind: 'order_cancelled',
    title: `${order} cancelled`,
    body: 'Your order was cancelled.',
    at: data.cancelledAt,
  }),
  OrderRejected: ({ data }, order) => ({
    kind: 'order_rejected',
    title: `${order} rejected`,
    body: data.reason,
    at: data.rejectedAt,
  }),
  OrderRefunded: ({ data }, order) => ({
    kind: 'order_refunded',
    title: `${order} refunded`,
    body: `${money(data.amountMinor)} is back in your wallet.`,
    at: data.refundedAt,
  }),
};

const toMerchant: Partial<OrderNotices> = {
  OrderPaid: ({ data }, order) => ({
    kind: 'order_received',
    title: 'New paid order',
    body: `${order} is paid and waits for you to accept it.`,
    at: data.paidAt,
  }),
  // A paid order sat in the merchant's queue: they must stop preparing it.
  OrderCancelled: ({ data }, order) =>
    data.wasPaid
      ? {
          kind: 'order_cancelled_by_customer',
          title: `${order} cancelled`,
          body: 'The customer cancelled this order before acceptance.',
          at: data.cancelledAt,
        }
      : undefined,
};

const notice = ({ kind, title, body, at }: Notice) => ({ kind, title, body, occurredAt: at });

type AnyNotice = (event: OrderEvent, order: string) => Notice | undefined;

const orderDrafts = (event: OrderEvent): Draft[] => {
  const { orderId, customerId, merchantId } = event.data;
  const order = `Order ${orderId.slice(0, 8)}`;
  // The maps are keyed by type, so each entry receives its own event; TypeScript cannot correlate that here.
  const customer = (toCustomer[event.type] as AnyNotice)(event, order);
  const merchant = (toMerchant[event.type] as AnyNotice | undefined)?.(event, order);
  const drafts: Draft[] = [];
  if (customer) drafts.push({ ...notice(customer), userId: customerId, data: { orderId, merchantId } });
  if (merchant) drafts.push({ ...notice(merchant), userId: merchantId, data: { orderId, customerId } });
  return drafts;
};

const walletDrafts = (event: OrderlyEvent): Draft[] => {
  if (event.type === 'WalletToppedUp') {
    const { userId, amountMinor, currency, externalReference, toppedUpAt } = event.data;
    const body = `${money(amountMinor, currency)} was added to your wallet.`;
    const data = { amountMinor, externalReference };
    return [
      { userId, kind: 'wallet_topped_up', title: 'Wallet topped up', body, data, occurredAt: toppedUpAt },
    ];
  }
  if (event.type === 'WalletPayoutReceived') {
    const { userId, orderId, amountMinor, feeMinor, paidOutAt } = event.data;
    const body = `${money(amountMinor)} for order ${orderId.slice(0, 8)} (fee ${money(feeMinor)}).`;
    const data = { orderId, amountMinor, feeMinor };
    return [
      { userId, kind: 'wallet_payout_received', title: 'Payout received', body, data, occurredAt: paidOutAt },
    ];
  }
  return [];
};

/** The notifications one recorded event causes: order status changes, new paid orders, wallet receipts. */
export const notificationsForEvent = (event: RecordedEvent): UserNotification[] => {
  if (!isOrderlyEvent(event)) return [];
  const domainEvent = event as unknown as OrderlyEvent;
  const drafts = isOrderEvent(domainEvent) ? orderDrafts(domainEvent) : walletDrafts(domainEvent);
  const correlationId =
    typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : undefined;
  return drafts.map((draft) => ({
    ...draft,
    id: notificationId(event.id, draft.userId),
    sourceEventId: event.id,
    sourceEventType: event.type,
    ...(correlationId === undefined ? {} : { correlationId }),
  }));
};
