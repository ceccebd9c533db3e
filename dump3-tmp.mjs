import { readMarkdownDirect } from './out/server/src/core/parse/markdown-direct.js';
const fmt = (n, d=0) => { let s = ' '.repeat(d) + n.type + (n.position ? `@${n.position.start.offset}-${n.position.end.offset}` : '') ;
  for (const k of Object.keys(n)) if (!['type','position','children'].includes(k)) s += ` ${k}=${JSON.stringify(n[k])}`;
  return [s, ...(n.children ?? []).map(c => fmt(c, d+1))].join('\n'); };
for (const a of process.argv.slice(2)) { const text = a.replace(/\\n/g, '\n'); console.log('== ' + JSON.stringify(text)); const t = readMarkdownDirect(text); console.log(t ? fmt(t) : 'fallback'); }
