import type { Request, RequestHandler, Response } from 'express';
import { type OrderlyError } from '../../../../src/domain/shared/errors';
import { rateLimitByIp, rateLimitByUser } from '../../../../src/infrastructure/http/rateLimits';

type Outcome = Readonly<{ passed: boolean; headers: Record<string, string>; error?: OrderlyError }>;

const call = (limiter: RequestHandler, ip: string, userId?: string): Outcome => {
  const headers: Record<string, string> = {};
  const res = {
    locals: userId === undefined ? {} : { principal: { userId, roles: ['customer'] } },
    setHeader: (name: string, value: string) => (headers[name] = value),
  };
  let passed = false;
  try {
    void limiter({ ip } as Request, res as unknown as Response, () => (passed = true));
  } catch (error) {
    return { passed, headers, error: error as OrderlyError };
  }
  return { passed, headers };
};

describe('rate limits', () => {
  afterEach(() => jest.useRealTimers());

  it('lets the limit through per address, then refuses with a Retry-After until the window ends', () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T10:00:00.000Z') });
    const limiter = rateLimitByIp(2);
    expect(call(limiter, '10.0.0.1').headers).toEqual({
      'RateLimit-Policy': '2;w=60',
      RateLimit: 'limit=2, remaining=1, reset=60',
    });
    expect(call(limiter, '10.0.0.1').passed).toBe(true);
    jest.setSystemTime(new Date('2026-11-25T10:00:45.000Z'));
    const refused = call(limiter, '10.0.0.1');
    expect(refused.passed).toBe(false);
    expect(refused.error?.kind).toBe('rate_limited');
    expect(refused.error?.details.retryAfterSeconds).toBe(15);
    expect(refused.headers.RateLimit).toBe('limit=2, remaining=0, reset=15');
    expect(call(limiter, '10.0.0.2').passed).toBe(true);
    jest.setSystemTime(new Date('2026-11-25T10:01:00.000Z'));
    expect(call(limiter, '10.0.0.1').passed).toBe(true);
  });

  it('counts IPv6 clients per /56', () => {
    const limiter = rateLimitByIp(1);
    expect(call(limiter, '2001:db8:0:1::1').passed).toBe(true);
    expect(call(limiter, '2001:db8:0:2::1').passed).toBe(false);
    expect(call(limiter, '2001:db8:1:1::1').passed).toBe(true);
  });

  it('counts authenticated requests per user, whatever their address', () => {
    const limiter = rateLimitByUser(1);
    expect(call(limiter, '10.0.0.1', 'alice').passed).toBe(true);
    expect(call(limiter, '10.0.0.2', 'alice').passed).toBe(false);
    expect(call(limiter, '10.0.0.1', 'bob').passed).toBe(true);
  });
});
