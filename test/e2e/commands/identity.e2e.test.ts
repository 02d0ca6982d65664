import { randomUUID } from 'node:crypto';
import {
  bearer,
  eventCount,
  login,
  registerUser,
  startTestApp,
  storedEvents,
  type TestApp,
} from '../../support/testApp';

const ADMIN = { email: 'admin@orderly.test', password: 'admin password 123' };

describe('identity commands over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(['commands'], { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(() => app.stop());

  it('registers a user: email reserved, user registered, password never stored in clear', async () => {
    const email = `Someone.${randomUUID()}@Example.com`;
    const response = await app
      .http()
      .post('/v1/auth/register')
      .send({ email, password: 'correct horse battery', displayName: 'Someone', role: 'customer' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ roles: ['customer'], email });
    expect(response.headers.etag).toBe('"0"');
    expect(response.headers['x-consistency-token']).toBe(response.body.consistencyToken);
    const events = (await storedEvents(app)).filter((event) => event.data.userId === response.body.userId);
    expect(events.map((event) => event.type)).toEqual(['EmailReserved', 'UserRegistered']);
    expect(JSON.stringify(events)).not.toContain('correct horse battery');
    expect(String(events[1]!.data.passwordHash)).toMatch(/^scrypt\$/);
  });

  it('refuses a second registration of the same email, whatever its case', async () => {
    const session = await registerUser(app);
    const before = await eventCount(app);
    const again = await app.http().post('/v1/auth/register').send({
      email: session.email.toUpperCase(),
      password: 'another password',
      displayName: 'Copy',
      role: 'merchant',
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('IDENTITY.EMAIL_TAKEN');
    expect(await eventCount(app)).toBe(before);
  });

  it('reserves nothing when the user decider refuses the registration', async () => {
    const before = await eventCount(app);
    const response = await app
      .http()
      .post('/v1/auth/register')
      .send({
        email: `${randomUUID()}@example.com`,
        password: 'long enough pw',
        displayName: '   ',
        role: 'customer',
      });
    expect(response.status).toBe(400);
    expect(await eventCount(app)).toBe(before);
  });

  it('logs in, and answers a wrong password or unknown email alike', async () => {
    const session = await registerUser(app, 'merchant', 'the right password');
    const wrong = await app
      .http()
      .post('/v1/auth/login')
      .send({ email: session.email, password: 'the wrong password' });
    const unknown = await app
      .http()
      .post('/v1/auth/login')
      .send({ email: 'nobody@example.com', password: 'whatever pw' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('rotates refresh tokens and revokes the family when a rotated token is reused', async () => {
    const session = await registerUser(app);
    const first = await app.http().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    const reused = await app.http().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(reused.status).toBe(401);
    const afterTheft = await app
      .http()
      .post('/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken });
    expect(afterTheft.status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const session = await registerUser(app);
    expect(
      (await app.http().post('/v1/auth/logout').send({ refreshToken: session.refreshToken })).status,
    ).toBe(204);
    expect(
      (await app.http().post('/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status,
    ).toBe(401);
  });

  it('registers and unregisters a device', async () => {
    const session = await registerUser(app);
    const deviceId = randomUUID();
    const added = await app
      .http()
      .post('/v1/me/devices')
      .set(...bearer(session))
      .send({ deviceId, platform: 'ios', pushToken: 'apns-token-1' });
    expect(added.status).toBe(201);
    const removed = await app
      .http()
      .delete(`/v1/me/devices/${deviceId}`)
      .set(...bearer(session));
    expect(removed.status).toBe(201);
    const types = (await storedEvents(app))
      .filter((event) => event.data.deviceId === deviceId)
      .map((event) => event.type);
    expect(types).toEqual(['DeviceRegistered', 'DeviceUnregistered']);
  });

  it('lets only an admin grant roles, and the grant shows on the next refresh', async () => {
    const admin = await login(app, ADMIN.email, ADMIN.password);
    const user = await registerUser(app);
    const byCustomer = await app
      .http()
      .post(`/v1/users/${user.userId}/roles`)
      .set(...bearer(user))
      .send({ role: 'admin' });
    expect(byCustomer.status).toBe(403);
    const byAdmin = await app
      .http()
      .post(`/v1/users/${user.userId}/roles`)
      .set(...bearer(admin))
      .send({ role: 'auditor' });
    expect(byAdmin.status).toBe(201);
    const refreshed = await app.http().post('/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(refreshed.body.roles).toEqual(['customer', 'auditor']);
  });
});
