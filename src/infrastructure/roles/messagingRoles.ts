import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { CommandHandler } from '../../application/commands/handleCommand';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { Clock } from '../../application/ports';
import { userDecider } from '../../domain/identity/decide';
import { userStream } from '../../domain/identity/streams';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import type { OnInvalidToken } from '../messaging/notificationHandler';
import { Notifier } from '../messaging/notifier';
import { EventPublisher } from '../messaging/publisher';
import { messagingSettings } from '../messaging/settings';
import type { Metrics } from '../observability/metrics';
import { createPushProvider } from '../push/createPushProvider';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

/** Tails the event store and publishes every event and the notifications it causes, confirmed. */
export const startPublisher: RoleStarter = async (container: Container) => {
  const config = container.get<Config>(TOKENS.config);
  const publisher = new EventPublisher({
    knex: container.get<Knex>(TOKENS.knex),
    eventStore: container.get<EventStore>(TOKENS.eventStore),
    settings: messagingSettings(config.rabbitmq),
    logger: container.get<Logger>(TOKENS.logger).child({ role: 'publisher' }),
    metrics: container.get<Metrics>(TOKENS.metrics),
  });
  await publisher.start();
  return {
    readiness: [
      postgresReady(container),
      eventStoreReady(container),
      { name: 'rabbitmq', check: () => publisher.checkReady() },
    ],
    stop: () => publisher.stop(),
  };
};

/** A device whose token the push provider rejected is unregistered through the command side. */
const unregisterInvalidDevice =
  (commands: CommandHandler, clock: Clock): OnInvalidToken =>
  async (userId, deviceId) => {
    await commands.handle(
      userDecider,
      userStream(userId),
      {
        type: 'UnregisterDevice',
        data: { userId, deviceId, reason: 'invalid_token', now: clock.now().toISOString() },
      },
      { correlationId: `invalid-token-${deviceId}`, userId: 'notifier' },
    );
  };

/** Consumes notification messages: inbox row, push delivery, retries and dead letters. */
export const startNotifier: RoleStarter = async (container: Container) => {
  const config = container.get<Config>(TOKENS.config);
  const logger = container.get<Logger>(TOKENS.logger).child({ role: 'notifier' });
  const notifier = new Notifier({
    knex: container.get<Knex>(TOKENS.knex),
    settings: messagingSettings(config.rabbitmq),
    logger,
    pushProvider: createPushProvider(config.push, logger),
    onInvalidToken: unregisterInvalidDevice(
      container.get(TOKENS.commandHandler),
      container.get(TOKENS.clock),
    ),
    metrics: container.get<Metrics>(TOKENS.metrics),
  });
  await notifier.start();
  return {
    readiness: [postgresReady(container), { name: 'rabbitmq', check: () => notifier.checkReady() }],
    stop: () => notifier.stop(),
  };
};
