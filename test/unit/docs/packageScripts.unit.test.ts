import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type PackageJson = { scripts: Record<string, string> };

const scripts = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as PackageJson)
  .scripts;
const nodeFlags = (script: string | undefined) => /\bnode((?: --[\w-]+(?:=\S+)?)*)/.exec(script ?? '')?.[1];

describe('package.json scripts', () => {
  it('runs the operator CLI with a young generation big enough for rebuild pages (docs/operations.md)', () => {
    expect(nodeFlags(scripts.cli)).toContain('--max-semi-space-size=');
  });

  it('runs the benchmarks, which rebuild in their own process, with the node flags of the CLI', () => {
    const cliFlags = nodeFlags(scripts.cli)?.trim().split(' ') ?? [];
    const benchFlags = nodeFlags(scripts.bench)?.trim().split(' ') ?? [];
    expect(cliFlags.length).toBeGreaterThan(0);
    expect(benchFlags).toEqual(expect.arrayContaining(cliFlags));
  });
});
