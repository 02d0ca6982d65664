import { Pool } from 'pg';
(async () => {
  for (const url of ['postgres://postgres@127.0.0.1:5432/test', 'postgres://postgres@/test?host=/var/run/postgresql']) {
    const pool = new Pool({ connectionString: url, max: 1 });
    await pool.query('select 1');
    const t0 = performance.now(); const c0 = process.cpuUsage();
    for (let i = 0; i < 3000; i++) await pool.query({ name: 'p', text: 'select $1::int', values: [i] });
    const cpu = process.cpuUsage(c0);
    console.log(url.includes('127') ? 'tcp ' : 'unix', ((performance.now() - t0) / 3000 * 1000).toFixed(0), 'µs/query', ((cpu.user + cpu.system) / 3000).toFixed(0), 'µs cpu/query (sys', (cpu.system/3000).toFixed(0), ')');
    await pool.end();
  }
})();
