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
const project = (name, pattern) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/**/*.${pattern}.test.ts`],
  setupFiles: ['<rootDir>/test/support/setupEnv.ts'],
});

module.exports = {
  projects: [project('unit', 'unit'), project('int', 'int'), project('e2e', 'e2e')],
  testTimeout: 60_000,
  maxWorkers: 2,
};
