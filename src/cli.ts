import { runCli } from './infrastructure/cli/program';

// `node dist/cli.js <command>`; see `--help`.
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
