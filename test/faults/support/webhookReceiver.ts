import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The push gateway of the run: counts every delivery by `<notificationId>:<deviceId>`. */
export type WebhookReceiver = Readonly<{
  url: string;
  /** Deliveries per notification and device (a count above 1 is a duplicate push). */
  deliveries: ReadonlyMap<string, number>;
  total: () => number;
  close: () => Promise<void>;
}>;

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const deliveryKey = (body: string): string | undefined => {
  try {
    const parsed = JSON.parse(body) as { notificationId?: unknown; device?: { deviceId?: unknown } };
    const device = parsed.device?.deviceId;
    return typeof parsed.notificationId === 'string' && typeof device === 'string'
      ? `${parsed.notificationId}:${device}`
      : undefined;
  } catch {
    return undefined;
  }
};

export const startWebhookReceiver = async (): Promise<WebhookReceiver> => {
  const deliveries = new Map<string, number>();
  let total = 0;
  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const key = deliveryKey(body);
        if (key === undefined) return void res.writeHead(400).end();
        deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
        total += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/push`,
    deliveries,
    total: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
