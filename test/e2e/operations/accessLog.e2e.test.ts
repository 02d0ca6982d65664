import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/infrastructure/logging/logger';
import { startTestApp, type TestApp } from '../../support/testApp';

type Line = Record<string, unknown> & { msg?: string; req?: Record<string, unknown> };

/** A log destination that keeps every line written to it. */
const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { lines, stream };
};

describe('the access log', () => {
  const logged = capture();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(['commands', 'queries'], {}, createLogger('info', {}, logged.stream));
  });
  afterAll(async () => {
    await app.stop();
  });

  it('names each request and its outcome, and never its credentials', async () => {
    const password = `secret-${randomUUID()}`;
    const email = `logged-${randomUUID()}@example.com`;
    const register = { email, password, displayName: 'Logged', role: 'customer' };
    await app.http().post('/v1/auth/register').set('X-Request-Id', 'register-1').send(register);
    const login = await app.http().post('/v1/auth/login').send({ email, password });
    const { accessToken, refreshToken } = login.body as { accessToken: string; refreshToken: string };
    await app.http().get('/v1/me/wallet').set('Authorization', `Bearer ${accessToken}`);

    const completed = logged.lines
      .map((line) => JSON.parse(line) as Line)
      .filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => [line.req?.method, line.req?.url, line.res])).toEqual([
      ['POST', '/v1/auth/register', { statusCode: 201 }],
      ['POST', '/v1/auth/login', { statusCode: 200 }],
      ['GET', '/v1/me/wallet', { statusCode: 200 }],
    ]);
    expect(completed[0]!.req?.id).toBe('register-1');
    const everything = logged.lines.join('\n');
    for (const secret of [password, accessToken, refreshToken]) expect(everything).not.toContain(secret);
  });
});
