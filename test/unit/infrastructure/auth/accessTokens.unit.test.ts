import jwt from 'jsonwebtoken';
import { createAccessTokens, UnauthorizedError } from '../../../../src/infrastructure/auth/accessTokens';

const settings = { secret: 's'.repeat(40), issuer: 'orderly', audience: 'orderly-mobile', ttlSeconds: 60 };
const tokens = createAccessTokens(settings);
const principal = { userId: '0b6f7d3e-3f1c-4d8e-9a51-2a4d9e3c8b71', roles: ['customer' as const] };

const codeOf = (token: string): string => {
  try {
    tokens.verify(token);
    return 'accepted';
  } catch (error) {
    if (error instanceof UnauthorizedError) return error.code;
    throw error;
  }
};

describe('access tokens', () => {
  it('round-trip the principal', () => {
    expect(tokens.verify(tokens.issue(principal).token)).toEqual(principal);
  });

  it('refuse an expired token', () => {
    const expired = jwt.sign(
      { roles: ['customer'], exp: Math.floor(Date.now() / 1000) - 10 },
      settings.secret,
      {
        subject: principal.userId,
        issuer: settings.issuer,
        audience: settings.audience,
      },
    );
    expect(codeOf(expired)).toBe('AUTH.TOKEN_EXPIRED');
  });

  it('refuse a wrong signature, issuer or audience', () => {
    const sign = (secret: string, issuer: string, audience: string) =>
      jwt.sign({ roles: ['customer'] }, secret, { subject: principal.userId, issuer, audience });
    expect(codeOf(sign('x'.repeat(40), settings.issuer, settings.audience))).toBe('AUTH.TOKEN_INVALID');
    expect(codeOf(sign(settings.secret, 'someone-else', settings.audience))).toBe('AUTH.TOKEN_INVALID');
    expect(codeOf(sign(settings.secret, settings.issuer, 'another-app'))).toBe('AUTH.TOKEN_INVALID');
  });

  it('refuse alg none and other algorithms', () => {
    const none = jwt.sign({ roles: ['admin'] }, '', {
      algorithm: 'none',
      subject: principal.userId,
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const hs512 = jwt.sign({ roles: ['admin'] }, settings.secret, {
      algorithm: 'HS512',
      subject: principal.userId,
      issuer: settings.issuer,
      audience: settings.audience,
    });
    expect(codeOf(none)).toBe('AUTH.TOKEN_INVALID');
    expect(codeOf(hs512)).toBe('AUTH.TOKEN_INVALID');
  });

  it('refuse unknown roles smuggled into the claims', () => {
    const forged = jwt.sign({ roles: ['superuser'] }, settings.secret, {
      subject: principal.userId,
      issuer: settings.issuer,
      audience: settings.audience,
    });
    expect(codeOf(forged)).toBe('AUTH.TOKEN_INVALID');
  });

  it('refuse a token without an expiry, even signed with the secret', () => {
    const endless = jwt.sign({ roles: ['customer'] }, settings.secret, {
      subject: principal.userId,
      issuer: settings.issuer,
      audience: settings.audience,
    });
    expect(codeOf(endless)).toBe('AUTH.TOKEN_INVALID');
  });

  describe('with verified tokens remembered', () => {
    afterEach(() => jest.useRealTimers());

    it('refuse a remembered token once it expires', () => {
      jest.useFakeTimers({ now: new Date('2026-12-07T10:00:00.000Z') });
      const token = tokens.issue(principal).token;
      expect(codeOf(token)).toBe('accepted');
      jest.setSystemTime(new Date('2026-12-07T10:00:59.999Z'));
      expect(codeOf(token)).toBe('accepted');
      jest.setSystemTime(new Date('2026-12-07T10:01:00.000Z'));
      expect(codeOf(token)).toBe('AUTH.TOKEN_EXPIRED');
    });

    it('refuse a copy of a remembered token with another signature', () => {
      const token = tokens.issue(principal).token;
      expect(codeOf(token)).toBe('accepted');
      const [header, claims, signature] = token.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(codeOf(`${header}.${claims}.${flipped}`)).toBe('AUTH.TOKEN_INVALID');
    });

    it('verify every time when remembering is off', () => {
      const uncached = createAccessTokens({ ...settings, verifiedTokensCached: 0 });
      jest.useFakeTimers({ now: new Date('2026-12-07T10:00:00.000Z') });
      const token = uncached.issue(principal).token;
      expect(uncached.verify(token)).toEqual(principal);
      jest.setSystemTime(new Date('2026-12-07T10:01:00.000Z'));
      expect(() => uncached.verify(token)).toThrow(UnauthorizedError);
    });
  });
});
