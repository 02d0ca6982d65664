import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
/** A private output folder: other builds of the working tree cannot replace the JS under a running process. */
const OUT_DIR = join(ROOT, 'dist', '.faults');

/**
 * Compiles src to JavaScript, as production runs it (type checking is `npm run typecheck`'s job; here
 * the emitted code is what matters). Returns the entry point `main.js`.
 */
export const buildRoles = (): string => {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', OUT_DIR, '--noCheck'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const entry = join(OUT_DIR, 'main.js');
  if (result.status !== 0 || !existsSync(entry)) {
    throw new Error(`build failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return entry;
};
