export type Reply = Readonly<{
  /** 0 when no HTTP answer came (connection refused, reset, timeout). */
  status: number;
  body: unknown;
  contentType: string;
  ms: number;
  error?: string;
}>;

export type CallOptions = Readonly<{
  token?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent verbatim (malformed bodies); wins over `json`. */
  raw?: string;
  headers?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}>;

const requestHeaders = (options: CallOptions): Record<string, string> => ({
  ...(options.json !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
  ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
  ...options.headers,
});

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** One request over loopback, timed; never throws. */
export const call = async (
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> => {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: requestHeaders(options),
      body: options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: parse(text),
      contentType: response.headers.get('content-type') ?? '',
      ms: performance.now() - started,
    };
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
    return { status: 0, body: undefined, contentType: '', ms: performance.now() - started, error: cause };
  }
};

/** A field of a JSON object body, or undefined. */
export const field = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
