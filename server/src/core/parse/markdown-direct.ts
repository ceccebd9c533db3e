import type { Root } from 'mdast';
import { BlockReader } from './markdown-block-reader.js';
import { NOT_DIRECT } from './markdown-positions.js';
import { TreeBuilder } from './markdown-tree.js';

/**
 * A direct reader for the Markdown that records are written in: ATX and setext headings,
 * paragraphs, lists (nested, bullet or ordered), block quotes, fenced code, HTML blocks that
 * open with a comment, a block-level tag or one complete tag, and thematic breaks, with the
 * inline text remark sees in them. It builds the same mdast tree as remark-parse — node for
 * node, value for value, position for position — in one pass over the lines, many times
 * quicker, and gives up (returns undefined) on anything else: tabs, CR line ends, a leading
 * byte-order mark, indented code, link reference definitions, fences left open, raw and
 * other HTML blocks, character references, and the inline cases `markdown-inline.ts` lists,
 * so the caller hands those bodies to remark. The block structure follows the CommonMark
 * algorithm (containers matched line by line, then new blocks opened); positions and `spread`
 * follow mdast-util-from-markdown. Tests compare the two readers on every Markdown file in
 * the repository and the real-world corpus, and on generated documents.
 */
export function readMarkdownDirect(text: string): Root | undefined {
  lastRefusal = undefined;
  if (text.indexOf('\t') !== -1 || text.indexOf('\r') !== -1 || text.charCodeAt(0) === 0xfeff) {
    lastRefusal = 'a tab, a carriage return or a byte-order mark';
    return undefined;
  }
  try {
    const reader = new BlockReader(text);
    return new TreeBuilder(text, reader.read()).root();
  } catch (err) {
    if (err === NOT_DIRECT) {
      lastRefusal = NOT_DIRECT.reason;
      return undefined;
    }
    throw err;
  }
}

let lastRefusal: string | undefined;

/** Why the last `readMarkdownDirect` call returned undefined (for tests and measurements). */
export function lastDirectRefusal(): string | undefined {
  return lastRefusal;
}
