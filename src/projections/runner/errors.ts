import { OrderlyError } from '../../domain/shared/errors';

/** Raised when a poison event is met and the policy is to stop rather than park it. */
export class ProjectionFailedError extends OrderlyError {
  constructor(projection: string, eventId: string, cause: unknown) {
    super(
      'illegal_state',
      'PROJECTION.POISON_EVENT',
      `Projection ${projection} stopped at event ${eventId}.`,
      {
        projection,
        eventId,
        error: describeError(cause),
      },
    );
  }
}

export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * A lost connection or a server shutdown says nothing about the events: such errors end the batch (rolled
 * back) and the runner retries it, instead of parking innocent events.
 */
export const isConnectionError = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return /Connection terminated|connection is closed|Client was closed|connection error/i.test(error.message);
};

export const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
