import type { Options } from 'amqplib';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import { positionToToken } from '../../application/eventStore/position';
import type { UserNotification } from '../../application/notifications/notification';
import { notificationsForEvent } from '../../application/notifications/notificationsForEvent';
import { parseStreamName } from '../../domain/shared/streams';
import type { Topology } from './topology';

export type OutgoingMessage = Readonly<{
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
}>;

export const NOTIFICATION_MESSAGE_TYPE = 'UserNotification';
export const NOTIFICATION_SCHEMA_VERSION = 1;

/** Data fields that must never leave the event store. */
const privateFields = new Set(['passwordHash']);

const publicData = (event: RecordedEvent): Record<string, unknown> =>
  Object.fromEntries(Object.entries(event.data).filter(([key]) => !privateFields.has(key)));

const metadataString = (event: RecordedEvent, key: string): string | undefined => {
  const value = event.metadata[key];
  return typeof value === 'string' ? value : undefined;
};

export const schemaVersionOf = (event: RecordedEvent): number => event.metadata.schemaVersion ?? 1;

export const integrationRoutingKey = (event: RecordedEvent): string =>
  `${parseStreamName(event.streamName)?.category ?? 'unknown'}.${event.type}`;

const baseOptions = (messageId: string, type: string, correlationId: string | undefined) => ({
  messageId,
  type,
  persistent: true,
  contentType: 'application/json',
  contentEncoding: 'utf-8',
  appId: 'orderly',
  timestamp: Math.floor(Date.now() / 1000),
  ...(correlationId === undefined ? {} : { correlationId }),
});

export const integrationMessage = (event: RecordedEvent, topology: Topology): OutgoingMessage => {
  const correlationId = metadataString(event, 'correlationId');
  const causationId = metadataString(event, 'causationId');
  const position = positionToToken(event.position);
  const body = {
    id: event.id,
    type: event.type,
    streamName: event.streamName,
    revision: event.revision.toString(),
    position,
    recordedAt: event.recordedAt.toISOString(),
    data: publicData(event),
    metadata: { correlationId, causationId, userId: metadataString(event, 'userId') },
  };
  return {
    exchange: topology.events,
    routingKey: integrationRoutingKey(event),
    content: Buffer.from(JSON.stringify(body)),
    options: {
      ...baseOptions(event.id, event.type, correlationId),
      headers: {
        type: event.type,
        schemaVersion: schemaVersionOf(event),
        correlationId,
        causationId,
        position,
      },
    },
  };
};

export const notificationMessage = (notification: UserNotification, topology: Topology): OutgoingMessage => ({
  exchange: topology.notifications,
  routingKey: `notification.${notification.kind}`,
  content: Buffer.from(JSON.stringify(notification)),
  options: {
    ...baseOptions(notification.id, NOTIFICATION_MESSAGE_TYPE, notification.correlationId),
    headers: {
      type: NOTIFICATION_MESSAGE_TYPE,
      schemaVersion: NOTIFICATION_SCHEMA_VERSION,
      correlationId: notification.correlationId,
      sourceEventId: notification.sourceEventId,
    },
  },
});

/** Every domain event goes to the integration exchange, some also notify users; system events (`$…`) do not. */
export const messagesForEvent = (event: RecordedEvent, topology: Topology): OutgoingMessage[] =>
  event.type.startsWith('$')
    ? []
    : [
        integrationMessage(event, topology),
        ...notificationsForEvent(event).map((notification) => notificationMessage(notification, topology)),
      ];
