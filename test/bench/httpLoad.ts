import autocannon from 'autocannon';
import type { LatencyRun } from './measure';

export type LoadRequest = Readonly<{
  method: 'GET' | 'POST';
  path: string;
  headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  body?: object;
}>;

export type LoadOptions = Readonly<{
  url: string;
  connections: number;
  durationMs: number;
  /** Called for every request: a fresh body, another user's token. */
  next: () => LoadRequest;
  /** Which answers count as done; the others count as errors. */
  succeeded: (status: number) => boolean;
}>;

const requestOf = (load: LoadRequest) => {
  const payload = load.body === undefined ? undefined : JSON.stringify(load.body);
  return {
    method: load.method,
    path: load.path,
    headers:
      payload === undefined ? { ...load.headers } : { ...load.headers, 'content-type': 'application/json' },
    body: payload,
  };
};

/**
 * `connections` keep-alive clients, each sending its next request as soon as the last one is answered,
 * for `durationMs`. autocannon's HTTP client costs a fraction of node:http's CPU per request: on this
 * 2-core machine the load generator's CPU is taken from the servers under test.
 */
export const httpLoad = (options: LoadOptions): Promise<LatencyRun> =>
  new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    let refused = 0;
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationMs / 1000,
        requests: [{ setupRequest: () => requestOf(options.next()) }],
      },
      (error, result) => {
        if (error !== null && error !== undefined) return reject(error as Error);
        const errors = refused + result.errors + result.timeouts;
        latenciesMs.sort((a, b) => a - b);
        resolve({ perSecond: (latenciesMs.length - refused) / result.duration, latenciesMs, errors });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latenciesMs.push(responseTime);
      if (!options.succeeded(statusCode)) refused += 1;
    });
  });
