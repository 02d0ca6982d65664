import type { Container } from 'inversify';
import type { Accounts } from '../../application/identity/accounts';
import { TOKENS } from '../composition/tokens';
import type { Config } from '../config/config';
import { ensureAdmin } from './bootstrapAdmin';
import type { IdempotencyStore } from '../http/idempotency/store';
import type { Logger } from '../logging/logger';
import { catalogCommandRoutes } from '../http/commands/catalog';
import type { CommandRouteDeps } from '../http/commands/deps';
import { identityCommandRoutes } from '../http/commands/identity';
import { orderingCommandRoutes } from '../http/commands/ordering';
import { walletCommandRoutes } from '../http/commands/wallet';
import { eventStoreReady, postgresReady } from './dependencies';
import type { RoleStarter } from './role';

const PURGE_INTERVAL_MS = 10 * 60_000;

/** Expired idempotency keys are deleted in the background (a claim also takes over an expired key). */
const schedulePurge = (store: IdempotencyStore, logger: Logger): NodeJS.Timeout => {
  const timer = setInterval(() => {
    store.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, 'idempotency purge failed'));
  }, PURGE_INTERVAL_MS);
  timer.unref();
  return timer;
};

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
  const purge = schedulePurge(
    container.get<IdempotencyStore>(TOKENS.idempotencyStore),
    container.get(TOKENS.logger),
  );
  return {
    stop: () => Promise.resolve(clearInterval(purge)),
    routers: [
      identityCommandRoutes(deps, accounts),
      catalogCommandRoutes(deps),
      orderingCommandRoutes(deps),
      walletCommandRoutes(deps),
    ],
    readiness: [postgresReady(container), eventStoreReady(container)],
  };
};
