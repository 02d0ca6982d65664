import type { RequestHandler } from 'express';

/** One dependency a role needs; `check` rejects (or times out) when it is not usable. */
export type ReadinessCheck = Readonly<{ name: string; check: () => Promise<unknown> }>;

const CHECK_TIMEOUT_MS = 2_000;

const withTimeout = (promise: Promise<unknown>): Promise<unknown> =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);

/** `/healthz`: the process answers. `/readyz`: every dependency answers, else 503 naming the failed ones. */
export const healthEndpoints =
  (checks: () => readonly ReadinessCheck[]): RequestHandler =>
  async (req, res, next) => {
    if (req.method !== 'GET') return next();
    if (req.path === '/healthz') {
      res.json({ status: 'ok' });
      return;
    }
    if (req.path !== '/readyz') return next();
    const results = await Promise.all(
      checks().map(async ({ name, check }) => {
        try {
          await withTimeout(check());
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: error instanceof Error ? error.message : 'failed' };
        }
      }),
    );
    const failed = results.filter((result) => !result.ok);
    res
      .status(failed.length === 0 ? 200 : 503)
      .json({ status: failed.length === 0 ? 'ready' : 'unavailable', checks: results });
  };
