/** Error codes the wallet decider throws; tests, the process manager and clients match on these. */
export const WalletErrorCodes = {
  INVALID_AMOUNT: 'WALLET.INVALID_AMOUNT',
  INVALID_CURRENCY: 'WALLET.INVALID_CURRENCY',
  CURRENCY_MISMATCH: 'WALLET.CURRENCY_MISMATCH',
  INVALID_REFERENCE: 'WALLET.INVALID_REFERENCE',
  TOP_UP_REFERENCE_REUSED: 'WALLET.TOP_UP_REFERENCE_REUSED',
  BALANCE_LIMIT_EXCEEDED: 'WALLET.BALANCE_LIMIT_EXCEEDED',
  REFUND_EXCEEDS_CHARGE: 'WALLET.REFUND_EXCEEDS_CHARGE',
  INVALID_FEE: 'WALLET.INVALID_FEE',
} as const;

export type WalletErrorCode = (typeof WalletErrorCodes)[keyof typeof WalletErrorCodes];
