import { streamName } from '../shared/streams';

export const ORDER_CATEGORY = 'order';

export const orderStream = (orderId: string): string => streamName(ORDER_CATEGORY, orderId);
