import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
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

export type BuiltServer = ServerProcess &
  Readonly<{
    /** The schema pair the server migrated; its pool reaches the same tables (bare baselines, checks). */
    database: TestDatabase;
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
      const match = /listening on (http:\/\/\S+)/.exec(seen);
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

export type ServerProcess = Readonly<{
  url: string;
  pid: number;
  /** User plus system CPU the process has used so far, in milliseconds (from /proc/<pid>/stat). */
  cpuMs: () => number;
  stop: () => Promise<void>;
}>;

/** Spawns a server process and waits until it prints the URL it listens on. */
const spawnServer = async (args: readonly string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> => {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await listeningUrl(child);
  const pid = child.pid!;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return { url, pid, cpuMs: () => cpuMsOf(pid), stop };
};

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
  let server: ServerProcess;
  try {
    server = await spawnServer([...nodeArgs, join(ROOT, 'dist', 'main.js'), ...roles], {
      PATH: process.env.PATH,
      ...testServerEnv(database),
      RABBITMQ_URL: process.env.RABBITMQ_URL,
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
      ...options.env,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    ...server,
    database,
    stop: async () => {
      await server.stop();
      await database.drop();
    },
  };
};

/** test/bench/bareEndpoints.ts (express and pg, nothing else) in a process of its own, on the same schema. */
export const startBareEndpoints = (database: TestDatabase): Promise<ServerProcess> =>
  spawnServer(['--import', 'tsx', join(ROOT, 'test', 'bench', 'bareEndpoints.ts')], {
    PATH: process.env.PATH,
    DATABASE_URL: database.settings.url,
    DATABASE_SCHEMA: database.settings.schema,
    DATABASE_POOL_SIZE: '20',
  });

export type HttpAnswer = Readonly<{
  status: number;
  body: string;
  headers: Readonly<Record<string, string | undefined>>;
}>;

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
          res.on('end', () => {
            const headers = Object.fromEntries(
              Object.entries(res.headers).map(([name, value]) => [name, [value].flat().join(', ')]),
            );
            resolve({ status: res.statusCode ?? 0, body: text, headers });
          });
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

export type Account = Readonly<{ userId: string; accessToken: string }>;

/** Registers a new user of the role over HTTP and logs in. */
export const registerAccount = async (
  client: HttpClient,
  role: 'customer' | 'merchant',
): Promise<Account> => {
  const credentials = { email: `${role}-${randomUUID()}@example.com`, password: 'a long enough password' };
  const registered = await client.post('/v1/auth/register', {
    ...credentials,
    displayName: `Bench ${role}`,
    role,
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.body}`);
  const session = await client.post('/v1/auth/login', credentials);
  if (session.status !== 200) throw new Error(`login failed: ${session.status} ${session.body}`);
  return JSON.parse(session.body) as Account;
};
