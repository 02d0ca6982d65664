import { assertNever, type Decider } from '../shared/decider';
import { type OrderCommand } from './commands';
import { type OrderEvent } from './events';
import { acceptOrder, cancelOrder, completeOrder, markOrderReady, rejectOrder } from './lifecycle';
import { recordPayment, recordPaymentFailure, recordRefund } from './payment';
import { placeOrder } from './placeOrder';
import { evolveOrder, initialOrderState, type OrderState } from './state';

export const decideOrder = (command: OrderCommand, state: OrderState): readonly OrderEvent[] => {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command.data, state);
    case 'RecordPayment':
      return recordPayment(command.data, state);
    case 'RecordPaymentFailure':
      return recordPaymentFailure(command.data, state);
    case 'RecordRefund':
      return recordRefund(command.data, state);
    case 'CancelOrder':
      return cancelOrder(command.data, state);
    case 'AcceptOrder':
      return acceptOrder(command.data, state);
    case 'MarkOrderReady':
      return markOrderReady(command.data, state);
    case 'CompleteOrder':
      return completeOrder(command.data, state);
    case 'RejectOrder':
      return rejectOrder(command.data, state);
    default:
      return assertNever(command);
  }
};

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  decide: decideOrder,
  evolve: evolveOrder,
  initialState: initialOrderState,
};
