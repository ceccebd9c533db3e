import type { PhrasingContent } from 'mdast';
import type { Inline } from './markdown-inline-node.js';
import { InlineReader } from './markdown-inline-reader.js';
import { giveUp, type Positions } from './markdown-positions.js';

/**
 * The inline half of the direct Markdown reader: the text of one paragraph or heading into
 * mdast phrasing nodes — text, line breaks, code spans, emphasis and strong, inline links
 * and images, autolinks and inline HTML comments and tags — with the same values and ranges
 * as remark (micromark's rules, which differ from the reference implementation in a few
 * places noted in markdown-inline-reader.ts). It gives up (see `giveUp`) on what it does
 * not read: character references, escapes inside link destinations and titles, processing
 * instructions, declarations, and inline HTML spanning lines.
 */

/**
 * The content of a block as the inline reader sees it: its lines joined by `\n`, without
 * container markers (`>`, list indentation); the first line from its first non-blank
 * character, the others with their own indentation, the last without trailing blanks.
 */
export interface InlineContent {
  text: string;
  /** Whether a line after the first starts after container markers (`>`, a list item's indentation). */
  prefixed: boolean;
  /** Where each line starts in `text`. */
  lineAt: number[];
  /** Where each line starts in the source. */
  sourceAt: number[];
}

export function readInline(content: InlineContent, positions: Positions): PhrasingContent[] {
  const text = content.text;
  if (!SPECIAL_ANYWHERE.test(text)) {
    if (text.length === 0) return [];
    const start = content.sourceAt[0];
    return [{ type: 'text', value: text, position: positions.span(start, start + text.length) }];
  }
  const reader = new InlineReader(text);
  reader.read();
  // micromark moves the end of a line ending past the next line's container markers once a
  // construct looked across that line ending and failed: not copied, handed over.
  if (reader.failedAcrossLine && content.prefixed) giveUp('a construct left unfinished across a line inside a list or quote');
  return new Converter(content, positions).children(reader.root);
}

const SPECIAL_ANYWHERE = /[\n\\`*_[\]!<&]/;

/** Turns the built tree into mdast: adjacent text merged, content offsets mapped to the source. */
class Converter {
  private line = 0;

  constructor(
    private readonly content: InlineContent,
    private readonly positions: Positions,
  ) {}

  children(parent: Inline): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    let text: { value: string; start: number; end: number } | undefined;
    const flush = () => {
      if (text) out.push({ type: 'text', value: text.value, position: this.span(text.start, text.end) });
      text = undefined;
    };
    for (let node = parent.first; node; node = node.next) {
      if (node.kind === 'text') {
        if (node.start === node.end) continue;
        if (text) {
          text.value += node.value;
          text.end = node.end;
        } else text = { value: node.value, start: node.start, end: node.end };
        continue;
      }
      flush();
      out.push(this.node(node));
    }
    flush();
    return out;
  }

  private node(node: Inline): PhrasingContent {
    const position = this.span(node.start, node.end);
    switch (node.kind) {
      case 'break':
        return { type: 'break', position };
      case 'inlineCode':
        return { type: 'inlineCode', value: node.value, position };
      case 'html':
        return { type: 'html', value: node.value, position };
      case 'emphasis':
      case 'strong':
        return { type: node.kind, children: this.children(node), position };
      case 'link':
        return { type: 'link', title: node.title, url: node.url, children: this.children(node), position };
      case 'image': {
        const children = this.children(node);
        return { type: 'image', title: node.title, url: node.url, alt: children.map(altText).join(''), position };
      }
      default:
        throw new Error(`unexpected inline node ${node.kind}`);
    }
  }

  private span(start: number, end: number): ReturnType<Positions['span']> {
    const from = this.sourceOffset(start);
    // An end is the character before it, plus one: a span ending in a line ending ends right after it.
    const to = end > start ? this.sourceOffset(end - 1) + 1 : from;
    return this.positions.span(from, to);
  }

  private sourceOffset(index: number): number {
    const { lineAt, sourceAt } = this.content;
    let line = this.line;
    if (index < lineAt[line]) line = 0;
    while (line + 1 < lineAt.length && lineAt[line + 1] <= index) line++;
    this.line = line;
    return sourceAt[line] + (index - lineAt[line]);
  }
}

/** An image's `alt`: its label's text, as mdast-util-to-string reads it (HTML and nested alts included). */
function altText(node: PhrasingContent): string {
  if ('value' in node) return node.value;
  if (node.type === 'image') return node.alt ?? '';
  return 'children' in node ? node.children.map(altText).join('') : '';
}
