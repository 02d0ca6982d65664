import type { Channel } from 'amqplib';

export type Topology = ReturnType<typeof topologyNames>;

export const topologyNames = (prefix: string) => ({
  /** Topic exchange of integration events, routing key `<category>.<EventType>`. */
  events: `${prefix}.events`,
  /** Topic exchange of user notifications, routing key `notification.<kind>`. */
  notifications: `${prefix}.notifications`,
  notifierQueue: `${prefix}.notifier`,
  retryExchange: `${prefix}.notifier.retry`,
  deadLetterExchange: `${prefix}.dead-letter`,
  deadLetterQueue: `${prefix}.notifier.dead-letter`,
});

/** Named after its delay: changing the delays declares new queues instead of clashing with old arguments. */
export const retryRoutingKey = (delayMs: number): string => `${delayMs}ms`;
export const retryQueueName = (topology: Topology, delayMs: number): string =>
  `${topology.retryExchange}.${retryRoutingKey(delayMs)}`;

/**
 * Declares everything both roles need; idempotent, so every role runs it at start. Retry queues hold a
 * message for their TTL, then dead-letter it back into the notifier queue through the default exchange.
 */
export const assertTopology = async (
  channel: Channel,
  topology: Topology,
  retryDelaysMs: readonly number[],
): Promise<void> => {
  await channel.assertExchange(topology.events, 'topic', { durable: true });
  await channel.assertExchange(topology.notifications, 'topic', { durable: true });
  await channel.assertExchange(topology.retryExchange, 'direct', { durable: true });
  await channel.assertExchange(topology.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(topology.deadLetterQueue, { durable: true });
  await channel.bindQueue(topology.deadLetterQueue, topology.deadLetterExchange, '');
  // A message rejected without requeue (never on purpose) still ends up with the dead letters.
  await channel.assertQueue(topology.notifierQueue, {
    durable: true,
    deadLetterExchange: topology.deadLetterExchange,
  });
  await channel.bindQueue(topology.notifierQueue, topology.notifications, '#');
  for (const delayMs of retryDelaysMs) {
    const queue = retryQueueName(topology, delayMs);
    await channel.assertQueue(queue, {
      durable: true,
      messageTtl: delayMs,
      deadLetterExchange: '',
      deadLetterRoutingKey: topology.notifierQueue,
    });
    await channel.bindQueue(queue, topology.retryExchange, retryRoutingKey(delayMs));
  }
};

/** For tests and teardown scripts: removes what assertTopology declared. */
export const deleteTopology = async (
  channel: Channel,
  topology: Topology,
  retryDelaysMs: readonly number[],
): Promise<void> => {
  const queues = [topology.notifierQueue, topology.deadLetterQueue];
  for (const queue of [...queues, ...retryDelaysMs.map((delay) => retryQueueName(topology, delay))]) {
    await channel.deleteQueue(queue);
  }
  for (const exchange of [topology.events, topology.notifications, topology.retryExchange]) {
    await channel.deleteExchange(exchange);
  }
  await channel.deleteExchange(topology.deadLetterExchange);
};
