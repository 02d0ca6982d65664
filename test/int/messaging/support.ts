import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { EventStore, EventToAppend } from '../../../src/application/eventStore/eventStore';
import type { Position } from '../../../src/application/eventStore/position';
import type { OrderlyEvent } from '../../../src/domain/events';
import { createLogger } from '../../../src/infrastructure/logging/logger';
import { messagingSettings, type MessagingSettings } from '../../../src/infrastructure/messaging/settings';
import type { Metrics } from '../../../src/infrastructure/observability/metrics';
import {
  assertTopology,
  deleteTopology,
  topologyNames,
} from '../../../src/infrastructure/messaging/topology';

export const silentLogger = createLogger('silent');

/** How many messages the notifier settled with `outcome` (delivered, duplicate, retried, dead_lettered). */
export const outcomeCount = async (metrics: Metrics, outcome: string): Promise<number> => {
  const { values } = await metrics.notifierDeliveries.get();
  return values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
};

/** Settings on a prefix of its own, with short delays so retries finish within a test. */
export const testSettings = (overrides: Partial<MessagingSettings> = {}): MessagingSettings =>
  messagingSettings(
    { url: process.env.RABBITMQ_URL!, exchangePrefix: `t_${randomBytes(5).toString('hex')}`, prefetch: 16 },
    { retryDelaysMs: [50, 100], reconnectInitialDelayMs: 50, reconnectMaxDelayMs: 500, ...overrides },
  );

/**
 * Polls until `done` holds or a generous deadline passes (the assertions that follow then fail); a
 * correctness wait, not a timing assertion.
 */
export const eventually = async <T>(read: () => T | Promise<T>, done: (value: T) => boolean): Promise<T> => {
  const deadline = Date.now() + 20_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
};

export const toAppend = (event: OrderlyEvent, correlationId = randomUUID()): EventToAppend => ({
  id: randomUUID(),
  type: event.type,
  data: event.data,
  metadata: { correlationId, causationId: correlationId, schemaVersion: 1 },
});

export const append = async (store: EventStore, stream: string, ...events: OrderlyEvent[]) => {
  const toWrite = events.map((event) => toAppend(event));
  await store.appendToStream(stream, toWrite);
  return toWrite;
};

/** Where a stream's last event sits in `$all` (unlike headPosition, not held back by other transactions). */
export const lastPositionOf = async (store: EventStore, stream: string): Promise<Position> =>
  (await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]!.position;

/** A test's own connection: declares the topology, binds collecting queues, cleans up after itself. */
export class BrokerProbe {
  private readonly queues: string[] = [];
  readonly topology;

  private constructor(
    private readonly model: ChannelModel,
    readonly channel: Channel,
    readonly settings: MessagingSettings,
  ) {
    this.topology = topologyNames(settings.exchangePrefix);
  }

  static async open(settings: MessagingSettings): Promise<BrokerProbe> {
    const model = await connect(settings.url);
    const channel = await model.createChannel();
    await assertTopology(channel, topologyNames(settings.exchangePrefix), settings.retryDelaysMs);
    return new BrokerProbe(model, channel, settings);
  }

  /** A queue of the test's own, bound to `exchange`, collecting every message it gets. */
  async collect(exchange: string, pattern: string): Promise<ConsumeMessage[]> {
    const { queue } = await this.channel.assertQueue(
      `${this.settings.exchangePrefix}.probe.${this.queues.length}`,
    );
    this.queues.push(queue);
    await this.channel.bindQueue(queue, exchange, pattern);
    const received: ConsumeMessage[] = [];
    await this.channel.consume(queue, (message) => message && received.push(message), { noAck: true });
    return received;
  }

  /** Collects what arrives on a queue of the topology (the dead-letter queue, say). */
  async drain(queue: string): Promise<ConsumeMessage[]> {
    const received: ConsumeMessage[] = [];
    await this.channel.consume(queue, (message) => message && received.push(message), { noAck: true });
    return received;
  }

  async close(): Promise<void> {
    for (const queue of this.queues) await this.channel.deleteQueue(queue);
    await deleteTopology(this.channel, this.topology, this.settings.retryDelaysMs);
    await this.model.close();
  }
}

export const body = (message: ConsumeMessage): Record<string, unknown> =>
  JSON.parse(message.content.toString()) as Record<string, unknown>;

const run = promisify(execFile);

/** Closes, from the broker's side, every connection whose client name starts with `namePrefix`. */
export const closeConnectionsFromBroker = async (namePrefix: string): Promise<number> => {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${namePrefix}`))
    .map((line) => line.split('\t')[0]!);
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'closed by test', '-q']);
  return pids.length;
};

export type WebhookPayload = Readonly<{
  notificationId: string;
  userId: string;
  device: Readonly<{ deviceId: string; platform: string; pushToken: string }>;
}>;

export type WebhookRequest = Readonly<{ headers: IncomingHttpHeaders; body: string; json: WebhookPayload }>;

/** A push gateway on 127.0.0.1 that answers each request with the status `respond` picks. */
export class FakePushGateway {
  readonly requests: WebhookRequest[] = [];
  private server: Server | undefined;

  constructor(
    private readonly respond: (request: WebhookRequest, index: number) => number | Promise<number>,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const request = { headers: req.headers, body: text, json: JSON.parse(text) as WebhookPayload };
        this.requests.push(request);
        void Promise.resolve(this.respond(request, this.requests.length - 1)).then((status) =>
          res.writeHead(status).end(),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/push`;
  }

  requestsFor(notificationId: string): WebhookRequest[] {
    return this.requests.filter((request) => request.json.notificationId === notificationId);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
