/** Tiers are named by suffix: *.unit.test.ts (pure), *.int.test.ts (real Postgres/RabbitMQ), *.e2e.test.ts (HTTP). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: false },
      },
      module: { type: 'commonjs' },
    },
  ],
};
// The EventStoreDB contract run needs a server (docs/deployment.md): without one it is not collected at all.
const withoutEventStoreDb = process.env.EVENTSTORE_CONNECTION_STRING ? [] : ['esdb\\.contract'];
const project = (name, pattern) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/**/*.${pattern}.test.ts`],
  testPathIgnorePatterns: ['/node_modules/', ...withoutEventStoreDb],
  setupFiles: ['<rootDir>/test/support/setupEnv.ts'],
});

module.exports = {
  projects: [project('unit', 'unit'), project('int', 'int'), project('e2e', 'e2e')],
  testTimeout: 60_000,
  maxWorkers: 2,
};
