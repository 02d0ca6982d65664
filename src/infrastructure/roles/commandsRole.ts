import type { Container } from 'inversify';
import type { Accounts } from '../../application/identity/accounts';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { ensureAdmin } from './bootstrapAdmin';
import { catalogCommandRoutes } from '../http/commands/catalog';
import type { CommandRouteDeps } from '../http/commands/deps';
import { identityCommandRoutes } from '../http/commands/identity';
import { orderingCommandRoutes } from '../http/commands/ordering';
import { walletCommandRoutes } from '../http/commands/wallet';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

/** The write side over HTTP: identity, catalog, ordering and wallet commands. */
export const startCommands: RoleStarter = async (container: Container) => {
  const deps = container.get<CommandRouteDeps>(TOKENS.commandRouteDeps);
  const accounts = container.get<Accounts>(TOKENS.accounts);
  const { auth } = container.get<Config>(TOKENS.config);
  if (auth.adminEmail !== undefined && auth.adminPassword !== undefined) {
    await ensureAdmin(
      accounts,
      { email: auth.adminEmail, password: auth.adminPassword },
      container.get(TOKENS.logger),
    );
  }
  return {
    routers: [
      identityCommandRoutes(deps, accounts),
      catalogCommandRoutes(deps),
      orderingCommandRoutes(deps),
      walletCommandRoutes(deps),
    ],
    readiness: [postgresReady(container), eventStoreReady(container)],
  };
};
