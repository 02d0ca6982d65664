import type { Container } from 'inversify';
import { TOKENS } from '../composition/tokens';
import type { CommandRouteDeps } from '../http/commands/deps';
import { walletCommandRoutes } from '../http/commands/wallet';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

/** The write side over HTTP: identity, catalog, ordering and wallet commands. */
export const startCommands: RoleStarter = (container: Container) => {
  const deps = container.get<CommandRouteDeps>(TOKENS.commandRouteDeps);
  return Promise.resolve({
    routers: [walletCommandRoutes(deps)],
    readiness: [postgresReady(container), eventStoreReady(container)],
  });
};
