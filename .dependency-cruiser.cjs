/** The layer rules of docs/architecture.md, checked in `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles leave injected values undefined and hide design knots.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain imports nothing outside src/domain (no I/O, no framework, no node built-ins).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'application-depends-on-domain-only',
      severity: 'error',
      comment: 'Node built-ins (crypto for the hash chain) are allowed; frameworks and adapters are not.',
      from: { path: '^src/application/' },
      to: { pathNot: ['^src/(application|domain)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'projections-depend-on-domain-and-application',
      severity: 'error',
      comment:
        'Projections use domain event types and application ports; knex and pg (with pg-copy-streams, for bulk loads) are allowed as the read side store, dataloader to batch its point lookups.',
      from: { path: '^src/projections/' },
      to: {
        pathNot: [
          '^src/(projections|application|domain)/',
          '^node_modules/(knex|pg|pg-copy-streams|@types/pg|dataloader)/',
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'nothing-imports-infrastructure-but-itself',
      severity: 'error',
      from: { path: '^src/(domain|application|projections)/' },
      to: { path: '^src/infrastructure/' },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/(main|cli)\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
