import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** JSON logs (to stdout unless told otherwise); anything that could carry a secret is redacted first. */
export const createLogger = (
  level: string,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger =>
  pino(
    {
      level,
      base: { service: 'orderly', ...bindings },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.refreshToken',
          '*.accessToken',
          'password',
          'refreshToken',
          'accessToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
