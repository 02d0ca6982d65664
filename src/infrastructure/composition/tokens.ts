/** inversify tokens: Symbols, bound only in container.ts. */
export const TOKENS = {
  config: Symbol('Config'),
  logger: Symbol('Logger'),
  metrics: Symbol('Metrics'),
  pool: Symbol('PgPool'),
  knex: Symbol('Knex'),
  eventStore: Symbol('EventStore'),
  clock: Symbol('Clock'),
  ids: Symbol('IdGenerator'),
  commandHandler: Symbol('CommandHandler'),
  accessTokens: Symbol('AccessTokens'),
  refreshTokens: Symbol('RefreshTokens'),
  idempotencyStore: Symbol('IdempotencyStore'),
  commandRouteDeps: Symbol('CommandRouteDeps'),
  accounts: Symbol('Accounts'),
  projections: Symbol('Projections'),
} as const;
