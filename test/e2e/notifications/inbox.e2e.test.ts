import { randomUUID } from 'node:crypto';
import { bearer, registerUser, type Session, startTestApp, type TestApp } from '../../support/testApp';

type InboxPage = {
  items: { notificationId: string; kind: string; readAt: string | null }[];
  unreadCount: number;
};

const eventually = async <T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('the in-app inbox, fed through RabbitMQ by the publisher and the notifier', () => {
  let app: TestApp;
  let customer: Session;

  beforeAll(async () => {
    app = await startTestApp(['commands', 'queries', 'projector', 'processor', 'publisher', 'notifier']);
    customer = await registerUser(app);
  });
  afterAll(() => app.stop());

  const inbox = async (session: Session, query = ''): Promise<InboxPage> =>
    (
      await app
        .http()
        .get(`/v1/me/notifications${query}`)
        .set(...bearer(session))
    ).body as InboxPage;

  it('shows a top-up receipt, lets the user mark it read, and keeps it from other users', async () => {
    const topUp = await app
      .http()
      .post('/v1/wallet/top-ups')
      .set(...bearer(customer))
      .send({ amountMinor: 2_500, externalReference: randomUUID() });
    expect(topUp.status).toBe(201);
    const page = await eventually(
      () => inbox(customer),
      (value) => value.items.length > 0,
    );
    expect(page.items).toHaveLength(1);
    expect(page.unreadCount).toBe(1);
    const [item] = page.items;
    const stranger = await registerUser(app);
    expect((await inbox(stranger)).items).toEqual([]);
    const foreign = await app
      .http()
      .post(`/v1/me/notifications/${encodeURIComponent(item!.notificationId)}/read`)
      .set(...bearer(stranger));
    expect(foreign.status).toBe(404);
    const read = await app
      .http()
      .post(`/v1/me/notifications/${encodeURIComponent(item!.notificationId)}/read`)
      .set(...bearer(customer));
    expect(read.status).toBe(204);
    const after = await inbox(customer, '?unreadOnly=true');
    expect(after).toMatchObject({ items: [], unreadCount: 0 });
  });

  it('refuses a malformed page request', async () => {
    const response = await app
      .http()
      .get('/v1/me/notifications?limit=0')
      .set(...bearer(customer));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
