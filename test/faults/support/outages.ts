import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { call, field } from './http';

const run = promisify(execFile);

/** Runs an operator command; returns how long it took in seconds. */
const timed = async (file: string, args: readonly string[]): Promise<number> => {
  const started = Date.now();
  await run(file, [...args], { timeout: 120_000 });
  return (Date.now() - started) / 1000;
};

export const rabbitmq = {
  stop: () => timed('rabbitmqctl', ['stop_app']),
  start: () => timed('rabbitmqctl', ['start_app']),
};

/** The machine's one Postgres cluster (`/etc/postgresql/<version>/main`). */
const postgresVersion = (): string => {
  const [version] = readdirSync('/etc/postgresql').sort().reverse();
  if (version === undefined) throw new Error('no Postgres cluster under /etc/postgresql');
  return version;
};

export const postgres = {
  stop: () =>
    timed('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'main', 'stop', '-m', 'fast']),
  start: () => timed('pg_ctlcluster', ['--skip-systemctl-redirect', postgresVersion(), 'main', 'start']),
};

export type Readiness = Readonly<{ status: number; failed: readonly string[] }>;

/** `/readyz` of a process: its status and the dependencies it names as failed. */
export const readiness = async (baseUrl: string): Promise<Readiness> => {
  const reply = await call(baseUrl, 'GET', '/readyz', { timeoutMs: 5000 });
  const checks = field(reply.body, 'checks');
  const failed = Array.isArray(checks)
    ? checks.filter((check) => field(check, 'ok') === false).map((check) => String(field(check, 'name')))
    : [];
  return { status: reply.status, failed };
};
