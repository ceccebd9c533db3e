import fs from 'node:fs'; import path from 'node:path';
import { compare, lastDirectRefusal } from './cmp-tmp.mjs';
for (const dir of process.argv.slice(2)) for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !/\.md$/.test(e.name)) continue;
  const f = path.join(e.parentPath, e.name); const t = fs.readFileSync(f, 'utf8');
  const body = t.replace(/^---\n[\s\S]*?\n---\n/, '');
  if (compare(body) === 'fallback') console.log(f, lastDirectRefusal());
}
