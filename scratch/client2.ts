import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createAccessTokens } from '../src/infrastructure/auth/accessTokens';
import { latencyRun, percentile } from '../test/bench/measure';
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const post = (url: URL, path: string, token: string, body: string) => new Promise<number>((resolve, reject) => {
  const req = http.request({ agent, host: url.hostname, port: url.port, path, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
  req.on('error', reject); req.end(body);
});
(async () => {
  const url = new URL(process.argv[2]!); const c = Number(process.argv[3] ?? 16);
  const tokens = createAccessTokens({ secret: process.env.JWT_SECRET!, issuer: 'orderly', audience: 'orderly-mobile', ttlSeconds: 3600 });
  const pre = Array.from({ length: 20000 }, () => tokens.issue({ userId: randomUUID(), roles: ['customer'] }).token);
  let i = 0;
  const op = async () => (await post(url, '/v1/wallet/top-ups', pre[i++ % pre.length]!, JSON.stringify({ amountMinor: 500, externalReference: randomUUID() }))) === 201;
  await latencyRun(1000, c, op);
  const srv = Number(process.argv[4]); const ticks = () => { try { return Number(require('fs').readFileSync(`/proc/${srv}/stat`, 'utf8').split(' ').slice(13, 15).reduce((a: number, b: string) => a + Number(b), 0)); } catch { return 0; } };
  const t0 = process.cpuUsage(); const s0 = ticks();
  const run = await latencyRun(5000, c, op);
  const cpu = process.cpuUsage(t0); const s1 = ticks();
  console.log(c, Math.round(run.perSecond), '/s p50', percentile(run.latenciesMs, 50).toFixed(1), 'p99', percentile(run.latenciesMs, 99).toFixed(1), 'errors', run.errors, 'client cpu ms/req', ((cpu.user + cpu.system) / 1000 / run.latenciesMs.length).toFixed(2), 'server cpu ms/req', ((s1 - s0) * 10 / run.latenciesMs.length).toFixed(2));
})();
