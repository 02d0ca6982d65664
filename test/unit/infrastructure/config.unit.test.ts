import { DEV_JWT_SECRET, loadConfig } from '../../../src/infrastructure/config/config';
import { ConfigError } from '../../../src/infrastructure/config/env';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('configuration', () => {
  it('has working development defaults', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.auth.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(config.eventStore.connectionString).toBeUndefined();
  });

  it('refuses to start production without a JWT secret', () => {
    expect(problemsOf({ NODE_ENV: 'production', PUSH_WEBHOOK_SECRET: 'x'.repeat(40) })).toContain(
      'JWT_SECRET is required',
    );
  });

  it('refuses the development secret in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      JWT_SECRET: DEV_JWT_SECRET,
      PUSH_WEBHOOK_SECRET: 'y'.repeat(40),
    });
    expect(problems).toContain('JWT_SECRET must not be the development secret in production');
  });

  it('names every bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CURRENCY: 'euro' });
    expect(problems).toEqual([
      'PORT must be an integer between 0 and 65535 (got "eighty")',
      'DATABASE_URL must use postgres: or postgresql: (got mysql:)',
      'CURRENCY must be an ISO 4217 code such as EUR',
    ]);
  });
});
