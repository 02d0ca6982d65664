import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { RoleName } from '../../../src/infrastructure/roles/role';

const LISTENING = /Orderly listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 60_000;

export type RoleProcessOptions = Readonly<{
  name: string;
  roles: readonly RoleName[];
  entry: string;
  nodeArgs?: readonly string[];
  env: Readonly<Record<string, string>>;
  logDir: string;
}>;

/**
 * One `node main.js <roles>` child: started on a free port (PORT=0), ready once it prints its URL; killed
 * with SIGKILL (no shutdown hooks run) or stopped with SIGTERM; output appended to `<logDir>/<name>.log`.
 */
export class RoleProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();
  private log: WriteStream;
  url = '';
  starts = 0;
  kills = 0;

  constructor(readonly options: RoleProcessOptions) {
    this.log = createWriteStream(join(options.logDir, `${options.name}.log`), { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const { entry, roles, nodeArgs = [] } = this.options;
    const child = spawn(process.execPath, [...nodeArgs, entry, ...roles], {
      env: { ...this.options.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = once(child, 'exit');
    this.starts += 1;
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.url = await this.listeningUrl(child);
  }

  private listeningUrl(child: ChildProcess): Promise<string> {
    return new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error('did not start in time')), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        const match = LISTENING.exec(seen);
        if (match?.[1] === undefined) return;
        cleanup();
        resolve(match[1]);
      };
      const onExit = (code: number | null) => fail(new Error(`exited with ${code} before listening`));
      const fail = (error: Error) => {
        cleanup();
        reject(new Error(`${this.options.name}: ${error.message} (see ${this.options.name}.log)`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
    });
  }

  /** SIGKILL: the process gets no chance to finish its batch or store a checkpoint. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    this.kills += 1;
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Graceful stop (SIGTERM), as an orchestrator would do. */
  async stop(): Promise<void> {
    const pid = this.pid;
    if (pid !== undefined) {
      process.kill(pid, 'SIGTERM');
      await this.exited;
    }
    this.log.end();
  }
}
