import fs from 'node:fs'; import path from 'node:path';
import { openNodeProject } from './out/server/src/node/open-project.js';
import { analyseText, readDocument } from './out/server/src/core/index.js';
const dir = path.resolve(process.argv[2]);
const files = fs.readdirSync(path.join(dir, 'decisions')).map((f) => path.join(dir, 'decisions', f));
const texts = files.map((f) => [f, fs.readFileSync(f, 'utf8')]);
const project = openNodeProject({ cwd: dir, today: '2026-11-20' });
const only = process.argv[3];
for (let r = 0; r < Number(process.env.ROUNDS ?? 3); r++) {
  let t = process.cpuUsage().user / 1000;
  for (const [f, text] of texts) if (!only || f.endsWith(only)) readDocument(f, text);
  const read = process.cpuUsage().user / 1000 - t;
  t = process.cpuUsage().user / 1000;
  let findings = 0;
  for (const [f, text] of texts) if (!only || f.endsWith(only)) findings += analyseText(project, f, text).analysis.findings?.length ?? 0;
  const all = process.cpuUsage().user / 1000 - t;
  console.log(`read ${read.toFixed(0)} ms, read+analyse ${all.toFixed(0)} ms (rules ${(all - read).toFixed(0)} ms)`);
}
if (globalThis.__ruleTimes) { const tot = [...globalThis.__ruleTimes.values()].reduce((a,b)=>a+b,0); console.log('rules total', tot.toFixed(0)); for (const [k,v] of [...globalThis.__ruleTimes].sort((a,b)=>b[1]-a[1]).slice(0,20)) console.log(v.toFixed(0).padStart(6), (v/tot*100).toFixed(1).padStart(5)+'%', k); }
