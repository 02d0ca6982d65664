import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Topology } from './topology';
import { retryRoutingKey } from './topology';

export const ATTEMPT_HEADER = 'x-orderly-attempt';
export const LAST_ERROR_HEADER = 'x-orderly-last-error';
export const DEAD_LETTER_REASON_HEADER = 'x-orderly-dead-letter-reason';
export const ORIGINAL_ROUTING_KEY_HEADER = 'x-orderly-original-routing-key';

/** Retries already made (0 on first delivery), from the header this module writes. */
export const attemptOf = (message: ConsumeMessage): number => {
  const value: unknown = message.properties.headers?.[ATTEMPT_HEADER];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
};

/** The broker's own bookkeeping of TTL dead-lettering would grow with every hop; it is not copied. */
const carriedHeaders = (message: ConsumeMessage): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(message.properties.headers ?? {}).filter(
      ([key]) => key !== 'x-death' && !key.startsWith('x-first-death') && !key.startsWith('x-last-death'),
    ),
  );

/** The AMQP properties worth keeping on a copy; amqplib types them all as `any`. */
const keptProperties = [
  'messageId',
  'correlationId',
  'type',
  'contentType',
  'contentEncoding',
  'timestamp',
  'appId',
];

const republishOptions = (message: ConsumeMessage, headers: Record<string, unknown>): Options.Publish => {
  const properties = message.properties as unknown as Record<string, unknown>;
  const kept = Object.fromEntries(keptProperties.map((key) => [key, properties[key]]));
  return { ...kept, persistent: true, headers: { ...carriedHeaders(message), ...headers } };
};

const publishConfirmed = (
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  message: ConsumeMessage,
  headers: Record<string, unknown>,
): Promise<void> =>
  new Promise((resolve, reject) => {
    channel.publish(exchange, routingKey, message.content, republishOptions(message, headers), (error) =>
      error ? reject(error as Error) : resolve(),
    );
  });

/** Parks a copy in the retry queue of `delayMs`; it comes back to the notifier queue when its TTL ends. */
export const sendToRetry = (
  channel: ConfirmChannel,
  topology: Topology,
  message: ConsumeMessage,
  retry: Readonly<{ attempt: number; delayMs: number; reason: string }>,
): Promise<void> =>
  publishConfirmed(channel, topology.retryExchange, retryRoutingKey(retry.delayMs), message, {
    [ATTEMPT_HEADER]: retry.attempt,
    [LAST_ERROR_HEADER]: retry.reason,
  });

export const sendToDeadLetter = (
  channel: ConfirmChannel,
  topology: Topology,
  message: ConsumeMessage,
  reason: string,
): Promise<void> =>
  publishConfirmed(channel, topology.deadLetterExchange, '', message, {
    [DEAD_LETTER_REASON_HEADER]: reason,
    [ORIGINAL_ROUTING_KEY_HEADER]: message.fields.routingKey,
    'x-orderly-dead-lettered-at': new Date().toISOString(),
  });
