import type { Container } from 'inversify';
import type { Knex } from 'knex';
import type { CommandHandler } from '../../application/commands/handleCommand';
import type { EventStore } from '../../application/eventStore/eventStore';
import { createPaymentProcess } from '../../application/processes/paymentProcess';
import { runCheckpointedSubscription } from '../../application/subscriptions/checkpointedSubscription';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { createCheckpointStore } from '../subscriptions/checkpointStore';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

export const PAYMENT_PROCESS_NAME = 'payment-process';

/** The payment process manager: order events in, wallet and order commands out. */
export const startProcessor: RoleStarter = (container: Container) => {
  const config = container.get<Config>(TOKENS.config);
  const paymentProcess = createPaymentProcess(container.get<CommandHandler>(TOKENS.commandHandler), {
    platformFeeBasisPoints: config.money.platformFeeBasisPoints,
  });
  const controller = new AbortController();
  const running = runCheckpointedSubscription({
    name: PAYMENT_PROCESS_NAME,
    store: container.get<EventStore>(TOKENS.eventStore),
    checkpoints: createCheckpointStore(container.get<Knex>(TOKENS.knex)),
    filter: { eventTypes: paymentProcess.eventTypes },
    handle: paymentProcess.handle,
    logger: container.get<Logger>(TOKENS.logger).child({ role: 'processor' }),
    signal: controller.signal,
  });
  return Promise.resolve({
    readiness: [postgresReady(container), eventStoreReady(container)],
    stop: async () => {
      controller.abort();
      await running;
    },
  });
};
