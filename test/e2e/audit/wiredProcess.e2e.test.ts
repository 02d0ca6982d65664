import { createAccessTokens } from '../../../src/infrastructure/auth/accessTokens';
import { walletStream } from '../../../src/domain/wallet/streams';
import { bearer, registerUser, type Session, startTestApp, type TestApp } from '../../support/testApp';

let app: TestApp;
let customer: Session;
let auditorToken: string;
let analystToken: string;

const tokenFor = (role: 'auditor' | 'analyst') => {
  const { jwtSecret, issuer, audience, accessTokenTtlSeconds } = app.config.auth;
  const tokens = createAccessTokens({
    secret: jwtSecret,
    issuer,
    audience,
    ttlSeconds: accessTokenTtlSeconds,
  });
  return `Bearer ${tokens.issue({ userId: `${role}-1`, roles: [role] }).token}`;
};

beforeAll(async () => {
  app = await startTestApp(['commands', 'queries', 'projector']);
  customer = await registerUser(app, 'customer');
  await app
    .http()
    .post('/v1/wallet/top-ups')
    .set(...bearer(customer))
    .send({ amountMinor: 500, externalReference: 'ref-1' });
  auditorToken = tokenFor('auditor');
  analystToken = tokenFor('analyst');
});

afterAll(async () => {
  await app.stop();
});

describe('the audit and analytics routes in the real process (queries role)', () => {
  it('serve an auditor the history a customer wrote, redacted, and refuse the customer', async () => {
    const user = await app
      .http()
      .get(`/v1/audit/streams/user-${customer.userId}/events`)
      .set('Authorization', auditorToken);
    expect(user.status).toBe(200);
    expect(JSON.stringify(user.body)).not.toContain(customer.email);
    expect(JSON.stringify(user.body)).not.toContain('passwordHash');
    const verification = await app
      .http()
      .get(`/v1/audit/streams/${walletStream(customer.userId)}/verification`)
      .set('Authorization', auditorToken);
    expect(verification.body).toMatchObject({ ok: true, eventsChecked: 1 });
    const refused = await app
      .http()
      .get('/v1/audit/events')
      .set(...bearer(customer));
    expect(refused.status).toBe(403);
  });

  it('serve an analyst the funnel as CSV and refuse the customer', async () => {
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const csv = await app
      .http()
      .get('/v1/analytics/order-funnel')
      .query(range)
      .set('Authorization', analystToken)
      .set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe(
      'day,placed,paid,payment_failed,completed,cancelled,rejected,refunded,paidOfPlaced,completedOfPaid,completedOfPlaced,cancellationRate,paymentFailureRate,rejectionRate',
    );
    expect(
      (
        await app
          .http()
          .get('/v1/analytics/daily-sales')
          .query(range)
          .set(...bearer(customer))
      ).status,
    ).toBe(403);
  });
});
