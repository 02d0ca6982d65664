import '../support/setupEnv';

/** A suite prints its own figures; `npm run bench -- <suite...>` runs the named ones, no names runs all. */
type Suite = () => Promise<void>;

const suites: Readonly<Record<string, () => Promise<Suite>>> = {
  eventstore: async () => (await import('./eventstore.bench')).eventStoreBenchmark,
  commands: async () => (await import('./commands.bench')).commandsBenchmark,
  notifications: async () => (await import('./notifications.bench')).notificationsBenchmark,
  projections: async () => (await import('./projections.bench')).projectionsBenchmark,
  queries: async () => (await import('./queries.bench')).queriesBenchmark,
  audit: async () => (await import('./audit.bench')).auditBenchmark,
};

const main = async (): Promise<void> => {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark suite(s) ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`,
    );
  }
  for (const name of requested.length > 0 ? requested : Object.keys(suites)) {
    console.log(`\n## ${name}\n`);
    const suite = await suites[name]!();
    await suite();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
