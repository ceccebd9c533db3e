import { unified } from 'unified';
import remarkParse from 'remark-parse';
const p = unified().use(remarkParse).freeze();
const strip = (n) => { const o = {...n}; if (o.position) o.pos = `${o.position.start.offset}-${o.position.end.offset}`; delete o.position; if (o.children) o.children = o.children.map(strip); return o; };
const text = process.argv[2].replace(/\\n/g, '\n').replace(/\\t/g, '\t');
console.log(JSON.stringify(strip(p.parse(text)), null, 1).replace(/\n\s+(?=[^{\s])/g, ' '));
