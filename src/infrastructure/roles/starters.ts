import { startCommands } from './commandsRole';
import { startNotifier, startPublisher } from './messagingRoles';
import { startProcessor } from './processorRole';
import { startProjector } from './projectorRole';
import { startQueries } from './queriesRole';
import type { RoleName, RoleStarter } from './role';

/** In start order: the write side first, subscribers next, HTTP routers are mounted once all started. */
export const roleStarters: Readonly<Record<RoleName, RoleStarter>> = {
  commands: startCommands,
  queries: startQueries,
  projector: startProjector,
  processor: startProcessor,
  publisher: startPublisher,
  notifier: startNotifier,
};
