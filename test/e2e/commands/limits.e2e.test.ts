import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/testApp';

describe('rate limits, request ids and security headers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(['commands'], {
      AUTH_RATE_LIMIT_PER_MINUTE: '3',
      RATE_LIMIT_PER_MINUTE: '1000',
    });
  });
  afterAll(() => app.stop());

  it('answers 429 with Retry-After and problem+json once a client exceeds the login limit', async () => {
    const attempt = () =>
      app.http().post('/v1/auth/login').send({ email: 'nobody@example.com', password: 'x' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    const given = randomUUID();
    const echoed = await app.http().get('/healthz').set('X-Request-Id', given);
    expect(echoed.headers['x-request-id']).toBe(given);
    const generated = await app.http().get('/healthz').set('X-Request-Id', 'bad id with spaces and "quotes"');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends helmet’s security headers and no X-Powered-By', async () => {
    const response = await app.http().get('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
