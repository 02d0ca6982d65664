import { EventStoreUnavailableError } from '../../../application/eventStore/errors';

const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// 57P01-03: server shutting down or starting; 53300: too many connections; class 08: connection exception.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// pg reports a dropped socket or a pool checkout timeout without a code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

// Duck-typed: errors raised by node's sockets may come from another realm (e.g. under jest), failing instanceof.
export const isConnectionError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (UNAVAILABLE_NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
};

/** Connection failures become the port's EventStoreUnavailableError; anything else is rethrown as is. */
export const mapConnectionError = (error: unknown): unknown =>
  isConnectionError(error)
    ? new EventStoreUnavailableError(
        `The Postgres event store is unavailable: ${String((error as { message?: unknown }).message)}`,
        {
          cause: error,
        },
      )
    : error;

export const withConnectionErrorsMapped = async <T>(operation: () => Promise<T>): Promise<T> => {
  try {
    return await operation();
  } catch (error) {
    throw mapConnectionError(error);
  }
};

export const isUniqueViolationOf = (error: unknown, constraint: string): boolean =>
  (error as { code?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === constraint;
