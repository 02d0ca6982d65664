import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import type { RoleName } from '../../src/infrastructure/roles/role';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testServerEnv } from '../support/testApp';

/**
 * The server under test as production runs it: the compiled dist in a process of its own, so the load
 * generator's CPU is not counted against the server and the server's own CPU can be read from /proc.
 */

const ROOT = join(__dirname, '..', '..');
export const BENCH_JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;

let built = false;

/** `npm run build` once per bench run: the dist must be the code of this checkout. */
export const buildServer = (): void => {
  if (built) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
};

export type BuiltServer = Readonly<{
  url: string;
  pid: number;
  /** The schema pair the server migrated; its pool reaches the same tables (bare baselines, checks). */
  database: TestDatabase;
  /** User plus system CPU the server process has used so far, in milliseconds (from /proc/<pid>/stat). */
  cpuMs: () => number;
  stop: () => Promise<void>;
}>;

export type ServerOptions = Readonly<{
  env?: Readonly<Record<string, string>>;
  /** Extra node flags for the server, e.g. `--cpu-prof` (also from BENCH_SERVER_NODE_ARGS). */
  nodeArgs?: readonly string[];
  /** The bench's own pool on the server's schema. */
  poolSize?: number;
}>;

// utime and stime are fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name.
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const cpuMsOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
};

const listeningUrl = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Orderly listening on (http:\/\/\S+)/.exec(seen);
      if (match?.[1] !== undefined) {
        // Keep draining the pipe (request logs at LOG_LEVEL=info) so the server never blocks on it.
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match[1]);
      } else if (seen.length > 1_000_000) seen = seen.slice(-10_000);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });

/** Builds (once) and starts `node dist/main.js <roles>` on a fresh schema pair and a free loopback port. */
export const startBuiltServer = async (
  roles: readonly RoleName[],
  options: ServerOptions = {},
): Promise<BuiltServer> => {
  buildServer();
  const database = await createTestDatabase({ migrate: false, poolSize: options.poolSize ?? 20 });
  const nodeArgs = [
    ...(options.nodeArgs ?? []),
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
  ];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'main.js'), ...roles], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      ...testServerEnv(database),
      RABBITMQ_URL: process.env.RABBITMQ_URL,
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let url: string;
  try {
    url = await listeningUrl(child);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    database,
    cpuMs: () => cpuMsOf(pid),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await database.drop();
    },
  };
};

export type HttpAnswer = Readonly<{ status: number; body: string }>;

/**
 * A lean keep-alive HTTP client (node:http, one socket per concurrent worker): a fraction of global fetch's
 * CPU per request, which on a small machine would otherwise be taken from the server under test.
 */
export const httpClient = (baseUrl: string, maxSockets: number) => {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: object,
  ): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers:
            payload === undefined
              ? headers
              : {
                  ...headers,
                  'content-type': 'application/json',
                  'content-length': String(Buffer.byteLength(payload)),
                },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    send,
    post: (path: string, body: object, headers: Record<string, string> = {}) =>
      send('POST', path, headers, body),
    close: () => agent.destroy(),
  };
};

export type HttpClient = ReturnType<typeof httpClient>;
