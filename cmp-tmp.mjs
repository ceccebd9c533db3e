import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { readMarkdownDirect } from './out/server/src/core/parse/markdown-direct.js';
import assert from 'node:assert/strict';
const p = unified().use(remarkParse).freeze();
export function compare(text) {
  const direct = readMarkdownDirect(text);
  if (!direct) return 'fallback';
  const ref = p.parse(text);
  try { assert.deepStrictEqual(direct, ref); return 'ok'; }
  catch (e) { return e; }
}
if (process.argv[1].endsWith('cmp-tmp.mjs')) {
  for (const a of process.argv.slice(2)) { const t = a.replace(/\\n/g, '\n'); const r = compare(t); console.log(JSON.stringify(t), r === 'ok' || r === 'fallback' ? r : r.message.slice(0, 3000)); }
}
export { lastDirectRefusal } from './out/server/src/core/parse/markdown-direct.js';
