import { OrderlyError } from '../../domain/shared/errors';
import type { OrderEvent } from '../../domain/ordering/events';
import { orderDecider } from '../../domain/ordering/decide';
import type { OrderCommand } from '../../domain/ordering/commands';
import { orderStream } from '../../domain/ordering/streams';
import type { WalletCommand } from '../../domain/wallet/decide';
import { walletDecider } from '../../domain/wallet/decide';
import { platformFee } from '../../domain/wallet/fees';
import { orderCharge } from '../../domain/wallet/state';
import { walletStream } from '../../domain/wallet/streams';
import type { CommandContext, CommandHandler } from '../commands/handleCommand';
import type { RecordedEvent } from '../eventStore/eventStore';
import { eventIdsFor } from './deterministicIds';

export type PaymentProcessSettings = Readonly<{ platformFeeBasisPoints: number }>;

/** The events this process reacts to. */
export const paymentProcessEventTypes = [
  'OrderPlaced',
  'OrderCancelled',
  'OrderRejected',
  'OrderCompleted',
] as const;

type Trigger = Extract<OrderEvent, { type: (typeof paymentProcessEventTypes)[number] }>;

const isTrigger = (event: RecordedEvent): boolean =>
  (paymentProcessEventTypes as readonly string[]).includes(event.type);

/**
 * OrderPlaced → charge the customer's wallet → OrderPaid or OrderPaymentFailed; cancelled or rejected →
 * refund whatever was charged; completed → pay the merchant. Every command carries ids derived from the
 * triggering event and every decider refuses a second effect per order, so replays change nothing.
 */
export const createPaymentProcess = (commands: CommandHandler, settings: PaymentProcessSettings) => {
  const contextOf = (event: RecordedEvent): CommandContext => ({
    correlationId: String(event.metadata.correlationId ?? event.id),
    causationId: event.id,
    userId: 'payment-process',
  });

  const onWallet = (event: RecordedEvent, step: string, userId: string, command: WalletCommand) =>
    commands.handle(walletDecider, walletStream(userId), command, contextOf(event), {
      eventId: eventIdsFor(event.id, step),
    });

  const onOrder = (event: RecordedEvent, step: string, orderId: string, command: OrderCommand) =>
    commands.handle(orderDecider, orderStream(orderId), command, contextOf(event), {
      eventId: eventIdsFor(event.id, step),
    });

  const refund = async (event: RecordedEvent, customerId: string, orderId: string, now: string) => {
    const refunded = await onWallet(event, 'refund', customerId, {
      type: 'RefundOrderCharge',
      data: { userId: customerId, orderId, now },
    });
    const charge = orderCharge(refunded.state, orderId);
    return charge?.status === 'charged' ? charge.refundedMinor : 0;
  };

  const charge = async (
    event: RecordedEvent,
    data: Extract<Trigger, { type: 'OrderPlaced' }>['data'],
    now: string,
  ) => {
    const { orderId, customerId, totalMinor } = data;
    const wallet = await onWallet(event, 'charge', customerId, {
      type: 'ChargeForOrder',
      data: { userId: customerId, orderId, amountMinor: totalMinor, now },
    });
    const outcome = orderCharge(wallet.state, orderId);
    if (outcome?.status !== 'charged') {
      await onOrder(event, 'payment-failed', orderId, {
        type: 'RecordPaymentFailure',
        data: { orderId, reason: 'INSUFFICIENT_FUNDS', now },
      });
      return;
    }
    try {
      await onOrder(event, 'paid', orderId, {
        type: 'RecordPayment',
        data: { orderId, amountMinor: totalMinor, now },
      });
    } catch (error) {
      // Cancelled while the charge was in flight: the money goes straight back.
      if (!(error instanceof OrderlyError && error.kind === 'illegal_state')) throw error;
      await refund(event, customerId, orderId, now);
    }
  };

  const endWithRefund = async (
    event: RecordedEvent,
    data: { orderId: string; customerId: string; wasPaid: boolean },
    now: string,
  ) => {
    const refundedMinor = await refund(event, data.customerId, data.orderId, now);
    if (data.wasPaid && refundedMinor > 0) {
      await onOrder(event, 'refunded', data.orderId, {
        type: 'RecordRefund',
        data: { orderId: data.orderId, amountMinor: refundedMinor, now },
      });
    }
  };

  const payOut = async (
    event: RecordedEvent,
    data: { orderId: string; merchantId: string; totalMinor: number },
    now: string,
  ) => {
    const feeMinor = platformFee(data.totalMinor, settings.platformFeeBasisPoints);
    await onWallet(event, 'payout', data.merchantId, {
      type: 'ReceivePayout',
      data: { userId: data.merchantId, orderId: data.orderId, grossMinor: data.totalMinor, feeMinor, now },
    });
  };

  /** Handles one event; `now` is the triggering event's time, so a replay decides exactly as before. */
  const handle = async (event: RecordedEvent): Promise<void> => {
    if (!isTrigger(event)) return;
    const trigger = { type: event.type, data: event.data } as Trigger;
    const now = event.recordedAt.toISOString();
    switch (trigger.type) {
      case 'OrderPlaced':
        return charge(event, trigger.data, now);
      case 'OrderCancelled':
      case 'OrderRejected':
        return endWithRefund(event, trigger.data, now);
      case 'OrderCompleted':
        return payOut(event, trigger.data, now);
    }
  };

  return { handle, eventTypes: paymentProcessEventTypes };
};

export type PaymentProcess = ReturnType<typeof createPaymentProcess>;
