import '../test/support/setupEnv';
import { randomUUID } from 'node:crypto';
import { createAccessTokens } from '../src/infrastructure/auth/accessTokens';
import { startTestApp } from '../test/support/testApp';
import { latencyRun, percentile } from '../test/bench/measure';
(async () => {
  const app = await startTestApp(['commands']);
  const tokens = createAccessTokens({ ...app.config.auth, secret: app.config.auth.jwtSecret, ttlSeconds: 3600 });
  const c = Number(process.argv[2] ?? 16);
  const op = async () => {
    const r = await fetch(`${app.running.url}/v1/wallet/top-ups`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.issue({ userId: randomUUID(), roles: ['customer'] }).token}` }, body: JSON.stringify({ amountMinor: 500, externalReference: randomUUID() }) });
    await r.arrayBuffer(); return r.status === 201;
  };
  await latencyRun(1000, c, op);
  const t0 = process.cpuUsage();
  const run = await latencyRun(5000, c, op);
  const cpu = process.cpuUsage(t0);
  console.log(c, Math.round(run.perSecond), '/s p50', percentile(run.latenciesMs, 50).toFixed(1), 'errors', run.errors, 'cpu ms/req', ((cpu.user + cpu.system) / 1000 / run.latenciesMs.length).toFixed(2));
  await app.stop();
})();
