import fs from 'node:fs'; import path from 'node:path';
import { readMarkdownDirect } from './out/server/src/core/parse/markdown-direct.js';
import { parseWithRemark } from './out/server/src/core/parse/markdown-remark.js';
const dir = process.argv[2];
const bodies = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
const bytes = bodies.reduce((s, b) => s + b.length, 0);
for (const [name, fn] of [['direct', readMarkdownDirect], ['remark', parseWithRemark], ['direct', readMarkdownDirect]]) {
  const t = performance.now(); let n = 0;
  for (const b of bodies) { const r = fn(b); if (r) n++; }
  const ms = performance.now() - t;
  console.log(name, `${bodies.length} bodies, ${(bytes/1e6).toFixed(2)} MB, ${ms.toFixed(0)} ms, ${(bytes/1e6/(ms/1000)).toFixed(1)} MB/s, read ${n}`);
}
