import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/env';
import { withCliContext } from './context';
import { analyticsReaderLoginCommand } from './analyticsReaderCommand';
import { createAdminCommand } from './createAdminCommand';
import { migrateCommand } from './migrateCommand';
import { projectionStatusCommand, rebuildCommand, replayDeadLettersCommand } from './projectionCommands';
import { verifyAuditCommand } from '../audit/verifyAuditCommand';

const connectionCount = (value: string): number => {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 16) {
    throw new InvalidArgumentError('a whole number from 1 to 16');
  }
  return count;
};

/**
 * `npm run cli -- <command>`. Exit codes: 0 done, 1 failed (or verification found a broken link),
 * 2 bad usage or configuration, 3 nothing to do.
 */
export const buildProgram = (setExitCode: (code: number) => void): Command => {
  // exitOverride: bad usage ends in runCli with exit code 2, not in process.exit inside commander.
  const program = new Command('orderly')
    .description('Operator commands for Orderly')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => setExitCode(await withCliContext(migrateCommand)));
  program
    .command('create-admin')
    .description('register the first admin (or use ADMIN_EMAIL / ADMIN_PASSWORD)')
    .option('--email <email>')
    .option('--password <password>', 'prefer ADMIN_PASSWORD: arguments show up in process lists')
    .action(async (options: { email?: string; password?: string }) =>
      setExitCode(await withCliContext((context) => createAdminCommand(context, options))),
    );
  program
    .command('verify-audit')
    .description('verify the hash chain of every stream (progress bar; exit 1 at the first broken link)')
    .option(
      '--connections <n>',
      'Postgres store: queries at once (1 was fastest on 2 cores, see docs/benchmarks.md)',
      connectionCount,
      1,
    )
    .action(async (options: { connections: number }) =>
      setExitCode(await withCliContext((context) => verifyAuditCommand(context, options))),
    );
  program
    .command('analytics-reader-login')
    .description('let the read-only analytics role log in, with the password in ANALYTICS_READER_PASSWORD')
    .action(async () => setExitCode(await withCliContext(analyticsReaderLoginCommand)));
  const projections = program.command('projections').description('read model operations');
  projections
    .command('status')
    .description('position, state, lag and parked events of every projection')
    .action(async () => setExitCode(await withCliContext(projectionStatusCommand)));
  projections
    .command('rebuild <name>')
    .description('rebuild a projection (or "all") into fresh tables and swap them in, without downtime')
    .action(async (name: string) =>
      setExitCode(await withCliContext((context) => rebuildCommand(context, name))),
    );
  projections
    .command('replay-dead-letters [name]')
    .description('apply parked events again (all projections, or one)')
    .action(async (name?: string) =>
      setExitCode(await withCliContext((context) => replayDeadLettersCommand(context, name))),
    );
  return program;
};

export const runCli = async (argv: readonly string[]): Promise<number> => {
  let exitCode = 0;
  try {
    await buildProgram((code) => (exitCode = code)).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed why
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  return exitCode;
};
