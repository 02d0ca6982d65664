import { streamName } from '../shared/streams';

export const WALLET_CATEGORY = 'wallet';

/** Customers and merchants both have a wallet, keyed by their user id. */
export const walletStream = (userId: string): string => streamName(WALLET_CATEGORY, userId);
