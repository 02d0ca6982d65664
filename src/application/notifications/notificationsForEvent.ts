import { assertNever } from '../../domain/shared/decider';
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

const shortId = (id: string): string => id.slice(0, 8);

/** Amounts in minor units of a two-decimal currency (the platform currency, DESIGN §6). */
const money = (minor: number, currency = ''): string => `${(minor / 100).toFixed(2)} ${currency}`.trim();

const forCustomer = (event: OrderEvent, kind: NotificationKind, title: string, body: string, at: string) => ({
  userId: event.data.customerId,
  kind,
  title,
  body,
  data: { orderId: event.data.orderId, merchantId: event.data.merchantId },
  occurredAt: at,
});

const orderDrafts = (event: OrderEvent): Draft[] => {
  const { orderId, merchantId } = event.data;
  const order = `Order ${shortId(orderId)}`;
  switch (event.type) {
    case 'OrderPlaced':
      return []; // the customer just placed it; the merchant hears of it once it is paid
    case 'OrderPaid':
      return [
        forCustomer(
          event,
          'order_paid',
          `${order} is paid`,
          `We received ${money(event.data.amountMinor)}.`,
          event.data.paidAt,
        ),
        {
          userId: merchantId,
          kind: 'order_received',
          title: 'New paid order',
          body: `${order} is paid and waits for you to accept it.`,
          data: { orderId, customerId: event.data.customerId, amountMinor: event.data.amountMinor },
          occurredAt: event.data.paidAt,
        },
      ];
    case 'OrderPaymentFailed':
      return [
        forCustomer(
          event,
          'order_payment_failed',
          `${order}: payment failed`,
          'Your wallet balance was too low.',
          event.data.failedAt,
        ),
      ];
    case 'OrderAccepted':
      return [
        forCustomer(
          event,
          'order_accepted',
          `${order} accepted`,
          'The merchant is preparing it.',
          event.data.acceptedAt,
        ),
      ];
    case 'OrderMarkedReady':
      return [
        forCustomer(event, 'order_ready', `${order} is ready`, 'It is ready for you.', event.data.readyAt),
      ];
    case 'OrderCompleted':
      return [
        forCustomer(
          event,
          'order_completed',
          `${order} completed`,
          'Thank you for your order.',
          event.data.completedAt,
        ),
      ];
    case 'OrderCancelled':
      return cancelledDrafts(event);
    case 'OrderRejected':
      return [
        forCustomer(event, 'order_rejected', `${order} rejected`, event.data.reason, event.data.rejectedAt),
      ];
    case 'OrderRefunded':
      return [
        forCustomer(
          event,
          'order_refunded',
          `${order} refunded`,
          `${money(event.data.amountMinor)} is back in your wallet.`,
          event.data.refundedAt,
        ),
      ];
    default:
      return assertNever(event);
  }
};

const cancelledDrafts = (event: Extract<OrderEvent, { type: 'OrderCancelled' }>): Draft[] => {
  const { orderId, customerId, merchantId, wasPaid, cancelledAt } = event.data;
  const order = `Order ${shortId(orderId)}`;
  const drafts: Draft[] = [
    forCustomer(event, 'order_cancelled', `${order} cancelled`, 'Your order was cancelled.', cancelledAt),
  ];
  // A paid order sat in the merchant's queue: they must stop preparing it.
  if (wasPaid) {
    drafts.push({
      userId: merchantId,
      kind: 'order_cancelled_by_customer',
      title: `${order} cancelled`,
      body: 'The customer cancelled this order before acceptance.',
      data: { orderId, customerId },
      occurredAt: cancelledAt,
    });
  }
  return drafts;
};

const drafts = (event: OrderlyEvent): Draft[] => {
  switch (event.type) {
    case 'WalletToppedUp':
      return [
        {
          userId: event.data.userId,
          kind: 'wallet_topped_up',
          title: 'Wallet topped up',
          body: `${money(event.data.amountMinor, event.data.currency)} was added to your wallet.`,
          data: { amountMinor: event.data.amountMinor, externalReference: event.data.externalReference },
          occurredAt: event.data.toppedUpAt,
        },
      ];
    case 'WalletPayoutReceived':
      return [
        {
          userId: event.data.userId,
          kind: 'wallet_payout_received',
          title: 'Payout received',
          body: `${money(event.data.amountMinor)} for order ${shortId(event.data.orderId)} (fee ${money(event.data.feeMinor)}).`,
          data: {
            orderId: event.data.orderId,
            amountMinor: event.data.amountMinor,
            feeMinor: event.data.feeMinor,
          },
          occurredAt: event.data.paidOutAt,
        },
      ];
    default:
      return isOrderEvent(event) ? orderDrafts(event) : [];
  }
};

/** The notifications one recorded event causes: order status changes, new paid orders, wallet receipts. */
export const notificationsForEvent = (event: RecordedEvent): UserNotification[] => {
  if (!isOrderlyEvent(event)) return [];
  const correlationId =
    typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : undefined;
  return drafts(event as unknown as OrderlyEvent).map((draft) => ({
    ...draft,
    id: notificationId(event.id, draft.userId),
    sourceEventId: event.id,
    sourceEventType: event.type,
    ...(correlationId === undefined ? {} : { correlationId }),
  }));
};
