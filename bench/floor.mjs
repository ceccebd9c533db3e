// The parse-only floor: read every file and parse it with the libraries Standpoint uses
// (yaml parseDocument; unified + remark-parse + remark-frontmatter, and the front matter's YAML).
// Usage: node bench/floor.mjs FILE_LIST
import fs from 'node:fs';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseDocument } from 'yaml';

// Standpoint replaces process.env with a plain copy (the YAML parser reads it once per token);
// the floor does the same, so the comparison is parse against parse.
Object.defineProperty(process, 'env', { value: { ...process.env }, writable: true, configurable: true, enumerable: true });

const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();
const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let nodes = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.md')) {
    const tree = markdown.parse(text);
    const fm = tree.children[0];
    if (fm && fm.type === 'yaml') nodes += parseDocument(fm.value).contents ? 1 : 0;
    nodes += tree.children.length;
  } else {
    nodes += parseDocument(text).contents ? 1 : 0;
  }
}
console.log(`${files.length} files, ${nodes} nodes`);
