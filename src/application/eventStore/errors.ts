import { OrderlyError } from '../../domain/shared/errors';
import type { ExpectedRevision } from './eventStore';

/** Both adapters map their backend's errors into these. */
export class WrongExpectedVersionError extends OrderlyError {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      'conflict',
      'STREAM.WRONG_EXPECTED_VERSION',
      `Stream ${streamName} was expected at ${String(expected)} but is at ${String(actual)}.`,
      { expected: String(expected), actual: String(actual) },
    );
  }
}

export class StreamNotFoundError extends OrderlyError {
  constructor(readonly streamName: string) {
    super('not_found', 'STREAM.NOT_FOUND', `Stream ${streamName} does not exist.`);
  }
}

export class EventStoreUnavailableError extends OrderlyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', 'EVENT_STORE.UNAVAILABLE', message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
