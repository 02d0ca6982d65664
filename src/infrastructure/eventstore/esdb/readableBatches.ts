/** What is used of an object-mode Readable (the client's subscriptions type their listeners more narrowly). */
export type BatchSource = {
  read(): unknown;
  readonly readableEnded: boolean;
  readonly destroyed: boolean;
  on(event: 'readable' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'readable' | 'end' | 'close', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
};

const drain = <T>(readable: BatchSource, maxBatchSize: number): T[] => {
  const batch: T[] = [];
  while (batch.length < maxBatchSize) {
    const item = readable.read() as T | null;
    if (item === null) break;
    batch.push(item);
  }
  return batch;
};

/**
 * Turns an object-mode Readable into batches: waits for at least one item, then hands over everything
 * already buffered, up to `maxBatchSize`, so catch-up reads fill batches and live delivery stays prompt.
 * Returns on the stream's end, close or on abort; rethrows the stream's error. The error listener is
 * attached for the whole iteration, so a failure while the consumer is busy never goes unhandled.
 */
export async function* readableBatches<T>(
  readable: BatchSource,
  maxBatchSize: number,
  signal?: AbortSignal,
): AsyncGenerator<T[], void, undefined> {
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onError = (error: Error) => {
    failure ??= { error };
    notify();
  };
  for (const event of ['readable', 'end', 'close'] as const) readable.on(event, notify);
  readable.on('error', onError);
  signal?.addEventListener('abort', notify);
  try {
    for (;;) {
      if (failure !== undefined) throw failure.error;
      if (signal?.aborted) return;
      const batch = drain<T>(readable, maxBatchSize);
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (readable.readableEnded || readable.destroyed) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    for (const event of ['readable', 'end', 'close'] as const) readable.off(event, notify);
    readable.off('error', onError);
    signal?.removeEventListener('abort', notify);
  }
}
