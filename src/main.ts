import { main } from './infrastructure/main';

// `node dist/main.js [role...]`: no roles means all of them in one process.
main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `Orderly failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
