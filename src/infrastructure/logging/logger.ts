import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs; anything that could carry a secret is redacted before it is written. */
export const createLogger = (level: string, bindings: Record<string, unknown> = {}): Logger =>
  pino({
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
  });
