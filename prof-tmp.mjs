import fs from 'node:fs'; import path from 'node:path';
import { readMarkdownDirect } from './out/server/src/core/parse/markdown-direct.js';
const dir = process.argv[2];
const bodies = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
const bytes = bodies.reduce((s, b) => s + b.length, 0);
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  for (const b of bodies) readMarkdownDirect(b);
  const ms = performance.now() - t;
  console.log(`${(bytes/1e6/(ms/1000)).toFixed(1)} MB/s`);
}
