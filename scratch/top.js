const fs = require('fs');
const file = process.argv[2];
const p = JSON.parse(fs.readFileSync(file));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = {}; p.samples.forEach((s, i) => { dt[s] = (dt[s] || 0) + (p.timeDeltas[i] || 0); });
const total = Object.values(dt).reduce((a, b) => a + b, 0);
for (const n of p.nodes) { const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/main\//, '')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) || 0) + (dt[n.id] || 0)); }
// inclusive by url package
const parent = new Map(); for (const n of p.nodes) for (const c of (n.children || [])) parent.set(c, n.id);
const incl = new Map();
for (const n of p.nodes) { const t = dt[n.id] || 0; if (!t) continue; const seen = new Set(); let id = n.id; while (id !== undefined) { const m = byId.get(id); const k = `${m.callFrame.functionName || '(anon)'} ${m.callFrame.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/main\//, '')}:${m.callFrame.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) || 0) + t); } id = parent.get(id); } }
console.log('SELF'); [...self].sort((a, b) => b[1] - a[1]).slice(0, 30).forEach(([k, v]) => console.log((v / total * 100).toFixed(1).padStart(5), k));
console.log('INCL'); [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60).forEach(([k, v]) => console.log((v / total * 100).toFixed(1).padStart(5), k));
