import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Prettier 3 loads its ESM core by dynamic import, which Jest's VM cannot run: the check runs as a process.
const checkClientSchema = () =>
  run(process.execPath, [require.resolve('tsx/cli'), 'test/support/api/generate.ts', '--check'], {
    cwd: `${__dirname}/../../..`,
  });

describe('the generated API client types', () => {
  it('are what the current OpenAPI document generates (npm run generate:client)', async () => {
    await expect(checkClientSchema()).resolves.toMatchObject({ stderr: '' });
  });
});
