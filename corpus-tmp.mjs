import fs from 'node:fs';
import path from 'node:path';
import { compare, lastDirectRefusal } from './cmp-tmp.mjs';
const reasons = {};
import { LineIndex } from './out/server/src/core/text/line-index.js';
import { findFrontMatter } from './out/server/src/core/parse/front-matter.js';
const dirs = process.argv.slice(2);
let ok = 0, fb = 0, bad = 0;
const fails = [];
for (const dir of dirs) for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !/\.(md|markdown)$/.test(e.name) || e.parentPath.includes('node_modules')) continue;
  const f = path.join(e.parentPath, e.name);
  const text = fs.readFileSync(f, 'utf8');
  const lines = new LineIndex(text); const fm = findFrontMatter(lines);
  const base = fm.kind === 'block' ? (fm.closeLine + 1 >= lines.lineCount ? text.length : lines.lineStart(fm.closeLine + 1)) : 0;
  const r = compare(text.slice(base));
  if (r === 'ok') ok++; else if (r === 'fallback') { fb++; const k = lastDirectRefusal(); reasons[k] = (reasons[k] ?? 0) + 1; } else { bad++; fails.push([f, r.message.slice(0, 1500)]); }
}
console.log({ ok, fb, bad }, reasons);
for (const [f, m] of fails.slice(0, Number(process.env.SHOW ?? 3))) console.log('\n### ' + f + '\n' + m);
