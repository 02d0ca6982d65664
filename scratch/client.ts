import { randomUUID } from 'node:crypto';
import { createAccessTokens } from '../src/infrastructure/auth/accessTokens';
import { latencyRun, percentile } from '../test/bench/measure';
(async () => {
  const url = process.argv[2]; const c = Number(process.argv[3] ?? 16);
  const tokens = createAccessTokens({ secret: process.env.JWT_SECRET!, issuer: 'orderly', audience: 'orderly-mobile', ttlSeconds: 3600 });
  const pre = Array.from({ length: 20000 }, () => tokens.issue({ userId: randomUUID(), roles: ['customer'] }).token);
  let i = 0;
  const op = async () => {
    const r = await fetch(`${url}/v1/wallet/top-ups`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${pre[i++ % pre.length]}` }, body: JSON.stringify({ amountMinor: 500, externalReference: randomUUID() }) });
    if (r.status !== 201 && i < 5) console.log(r.status, await r.text());
    await r.arrayBuffer(); return r.status === 201;
  };
  await latencyRun(1000, c, op);
  const t0 = process.cpuUsage();
  const run = await latencyRun(5000, c, op);
  const cpu = process.cpuUsage(t0);
  console.log(c, Math.round(run.perSecond), '/s p50', percentile(run.latenciesMs, 50).toFixed(1), 'p99', percentile(run.latenciesMs, 99).toFixed(1), 'errors', run.errors, 'client cpu ms/req', ((cpu.user + cpu.system) / 1000 / run.latenciesMs.length).toFixed(2));
})();
