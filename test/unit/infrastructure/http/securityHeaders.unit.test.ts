import type { Request, Response } from 'express';
import helmet from 'helmet';
import { securityHeaders } from '../../../../src/infrastructure/http/securityHeaders';

/** What a middleware does to a response's headers, in order. */
const headerCalls = (middleware: (req: Request, res: Response, next: () => void) => void): string[] => {
  const calls: string[] = [];
  const res = {
    setHeader: (name: string, value: unknown) => calls.push(`set ${name}: ${String(value)}`),
    removeHeader: (name: string) => calls.push(`remove ${name}`),
  };
  let nextCalled = false;
  middleware({} as Request, res as unknown as Response, () => (nextCalled = true));
  expect(nextCalled).toBe(true);
  return calls;
};

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets, on every response', () => {
    const recorded = securityHeaders();
    const expected = headerCalls(helmet()).sort();
    expect(expected).toContain('set X-Content-Type-Options: nosniff');
    expect(headerCalls(recorded).sort()).toEqual(expected);
    expect(headerCalls(recorded).sort()).toEqual(expected);
  });
});
