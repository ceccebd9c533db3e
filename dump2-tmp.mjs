import { unified } from 'unified';
import remarkParse from 'remark-parse';
const p = unified().use(remarkParse).freeze();
const fmt = (n, d=0) => { let s = ' '.repeat(d) + n.type + (n.position ? `@${n.position.start.offset}-${n.position.end.offset}` : '') ;
  for (const k of Object.keys(n)) if (!['type','position','children'].includes(k)) s += ` ${k}=${JSON.stringify(n[k])}`;
  return [s, ...(n.children ?? []).map(c => fmt(c, d+1))].join('\n'); };
for (const a of process.argv.slice(2)) { const text = a.replace(/\\n/g, '\n').replace(/\\t/g, '\t'); console.log('== ' + JSON.stringify(text)); console.log(fmt(p.parse(text))); }
