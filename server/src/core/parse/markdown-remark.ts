import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

// The reference reader for Markdown bodies: unified with remark-parse (micromark), ~60 modules.
const markdown = unified().use(remarkParse).freeze();

export function parseWithRemark(body: string): Root {
  return markdown.parse(body);
}
