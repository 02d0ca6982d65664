import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type ChannelModel } from 'amqplib';
import type { Logger } from '../logging/logger';

export type BrokerConnection = Readonly<{
  model: ChannelModel;
  /** Aborted when the connection closes, for whatever reason. */
  lost: AbortSignal;
}>;

const CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_HEARTBEAT_SECONDS = '15';

/** amqplib asks for no heartbeat unless told; without one a half-open connection goes unnoticed. */
const withHeartbeat = (url: string): string => {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', DEFAULT_HEARTBEAT_SECONDS);
  return parsed.toString();
};

/** Opens a named connection (operators see the role in `rabbitmqctl list_connections`). */
export const openConnection = async (
  url: string,
  name: string,
  logger: Logger,
): Promise<BrokerConnection> => {
  const model = await connect(withHeartbeat(url), {
    clientProperties: { connection_name: name },
    timeout: CONNECT_TIMEOUT_MS,
  });
  const lost = new AbortController();
  // Without an 'error' listener a broker-side close would crash the process.
  model.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
  model.on('close', () => lost.abort(new Error('RabbitMQ connection closed')));
  return { model, lost: lost.signal };
};

export const closeQuietly = async (model: ChannelModel): Promise<void> => {
  await model.close().catch(() => undefined);
};

export type Backoff = Readonly<{ initialDelayMs: number; maxDelayMs: number }>;

/** Exponential, capped, with ±20 % jitter so a fleet does not reconnect in lock-step. */
export const backoffDelay = (failures: number, backoff: Backoff): number => {
  const base = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
};

/**
 * Runs `session` until `stop` is aborted; a session that throws (broker down, connection lost) is started
 * again after a back-off. Sessions resume from their own durable state (checkpoint, queue).
 */
export const superviseSessions = async (
  role: string,
  session: () => Promise<void>,
  options: Readonly<{ stop: AbortSignal; logger: Logger; backoff: Backoff }>,
): Promise<void> => {
  let failures = 0;
  while (!options.stop.aborted) {
    try {
      await session();
      failures = 0;
    } catch (error) {
      if (options.stop.aborted) return;
      failures += 1;
      const delayMs = backoffDelay(failures, options.backoff);
      options.logger.warn({ err: error, role, failures, delayMs }, 'messaging session failed; reconnecting');
      await sleep(delayMs, undefined, { signal: options.stop }).catch(() => undefined);
    }
  }
};
