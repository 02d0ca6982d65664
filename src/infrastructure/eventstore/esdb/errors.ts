import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../../application/eventStore/errors';
import type { ExpectedRevision } from '../../../application/eventStore/eventStore';
import { fromEsdbCurrentRevision, fromEsdbExpectedRevision } from './mapping';

/** gRPC status codes that mean "the server cannot be reached right now" (retryable by the caller). */
const GRPC_UNAVAILABLE_CODES = new Set([
  4, // DEADLINE_EXCEEDED
  10, // ABORTED: the client's TimeoutError, a commit that timed out on the server
  14, // UNAVAILABLE
]);

const grpcCodeOf = (error: unknown): number | undefined => {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'number' ? error.code : undefined;
};

const isUnavailable = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof NotLeaderError ||
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError ||
  error instanceof CancelledError ||
  GRPC_UNAVAILABLE_CODES.has(grpcCodeOf(error) ?? -1);

export type ErrorContext = Readonly<{ streamName?: string; expectedRevision?: ExpectedRevision }>;

/**
 * The client's errors (and raw gRPC ServiceErrors that escape it) in the port's vocabulary; anything else
 * is a bug or a misconfiguration and is returned unchanged.
 */
export const mapEsdbError = (error: unknown, context: ErrorContext = {}): unknown => {
  if (error instanceof EsdbWrongExpectedVersionError) {
    return new WrongExpectedVersionError(
      error.streamName || (context.streamName ?? ''),
      context.expectedRevision ?? fromEsdbExpectedRevision(error.expectedVersion),
      fromEsdbCurrentRevision(error.actualVersion),
    );
  }
  // A deleted or tombstoned stream reads as absent through the port.
  if (error instanceof EsdbStreamNotFoundError || error instanceof StreamDeletedError) {
    return new StreamNotFoundError(error.streamName || (context.streamName ?? ''));
  }
  if (isUnavailable(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${reason}`, { cause: error });
  }
  return error;
};

/** Runs a client call and rethrows its failure mapped (for use in `catch` blocks of the adapter). */
export const withEsdbErrors = async <T>(context: ErrorContext, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw mapEsdbError(error, context);
  }
};
