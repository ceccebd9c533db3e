// The parse-only floor: read every file and parse it, nothing else.
// Usage: node bench/floor.mjs FILE_LIST [--readers libraries|standpoint]
//   libraries (default): the libraries as published — yaml parseDocument for YAML files and
//     front matter; unified + remark-parse + remark-frontmatter for Markdown.
//   standpoint: the readers Standpoint itself uses — its YAML reader (a direct reader for
//     block-style YAML, parseDocument for the rest) for YAML files and front matter, and its
//     Markdown body reader (a direct reader building remark's tree, unified + remark-parse for
//     the bodies it leaves) for the body after the front matter.
import fs from 'node:fs';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseDocument } from 'yaml';

// Standpoint replaces process.env with a plain copy (the YAML parser reads it once per token);
// the floor does the same, so the comparison is parse against parse.
Object.defineProperty(process, 'env', { value: { ...process.env }, writable: true, configurable: true, enumerable: true });

const readers = process.argv.includes('--readers') ? process.argv[process.argv.indexOf('--readers') + 1] : 'libraries';
const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);

async function libraries() {
  const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();
  return (file, text) => {
    if (!file.endsWith('.md')) return parseDocument(text).contents ? 1 : 0;
    const tree = markdown.parse(text);
    const fm = tree.children[0];
    return tree.children.length + (fm && fm.type === 'yaml' && parseDocument(fm.value).contents ? 1 : 0);
  };
}

async function standpoint() {
  const { readYaml } = await import('../out/server/src/core/parse/yaml-tree.js');
  const { findFrontMatter } = await import('../out/server/src/core/parse/front-matter.js');
  const { LineIndex } = await import('../out/server/src/core/text/line-index.js');
  const { readMarkdownBody } = await import('../out/server/src/core/parse/markdown-body.js');
  return (file, text) => {
    if (!file.endsWith('.md')) return readYaml(text).tree ? 1 : 0;
    const lines = new LineIndex(text);
    const fm = findFrontMatter(lines);
    if (fm.kind !== 'block') return readMarkdownBody(text).children.length;
    const yamlNodes = readYaml(text.slice(fm.content.start, fm.content.end), fm.content.start).tree ? 1 : 0;
    return yamlNodes + readMarkdownBody(text.slice(lines.lineStart(fm.closeLine + 1))).children.length;
  };
}

if (readers !== 'libraries' && readers !== 'standpoint') throw new Error(`--readers: libraries or standpoint, not ${readers}`);
const parse = readers === 'standpoint' ? await standpoint() : await libraries();
let nodes = 0;
for (const file of files) nodes += parse(file, fs.readFileSync(file, 'utf8'));
console.log(`${files.length} files, ${nodes} nodes`);
