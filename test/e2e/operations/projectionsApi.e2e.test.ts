import { bearer, login, registerUser, startTestApp, type TestApp } from '../../support/testApp';

const ADMIN = { email: 'ops-admin@orderly.test', password: 'ops admin password' };

type Status = { name: string; state: string; lagEvents: number; parked: number };

describe('projection operations over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(['commands', 'queries', 'projector'], {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
  });
  afterAll(() => app.stop());

  it('shows every projection’s state and lag to admins only', async () => {
    const admin = await login(app, ADMIN.email, ADMIN.password);
    const customer = await registerUser(app);
    expect(
      (
        await app
          .http()
          .get('/v1/operations/projections')
          .set(...bearer(customer))
      ).status,
    ).toBe(403);
    const deadline = Date.now() + 20_000;
    let items: Status[] = [];
    while (Date.now() < deadline) {
      const response = await app
        .http()
        .get('/v1/operations/projections')
        .set(...bearer(admin));
      expect(response.status).toBe(200);
      items = (response.body as { items: Status[] }).items;
      if (items.length > 0 && items.every((item) => item.state === 'live' && item.lagEvents === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(items.map((item) => item.name)).toEqual(expect.arrayContaining(['orders', 'wallets', 'devices']));
    expect(items.every((item) => item.state === 'live' && item.lagEvents === 0 && item.parked === 0)).toBe(
      true,
    );
    const parked = await app
      .http()
      .get('/v1/operations/projections/parked')
      .set(...bearer(admin));
    expect(parked.body).toEqual({ items: [] });
    const replay = await app
      .http()
      .post('/v1/operations/projections/parked/12345/replay')
      .set(...bearer(admin));
    expect(replay.status).toBe(404);
  });
});
