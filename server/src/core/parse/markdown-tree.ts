/* The blocks the direct Markdown reader found, as the mdast tree remark builds: their inline text read, remark's positions and `spread`. */

import type { BlockContent, Code, Heading, Html, List, ListItem, Paragraph, Root, ThematicBreak } from 'mdast';
import type { Block } from './markdown-block-node.js';
import { SPACE } from './markdown-block-syntax.js';
import { readInline, type InlineContent } from './markdown-inline.js';
import { Positions } from './markdown-positions.js';

/** The block structure as mdast, with remark's positions and `spread`. */
export class TreeBuilder {
  private readonly positions: Positions;

  constructor(
    private readonly text: string,
    private readonly doc: Block,
  ) {
    this.positions = new Positions(text);
  }

  root(): Root {
    return { type: 'root', children: this.children(this.doc), position: this.positions.span(0, this.text.length) };
  }

  private children(block: Block): BlockContent[] {
    return block.children.map((child) => this.node(child));
  }

  private node(block: Block): BlockContent {
    const position = () => this.positions.span(block.start, endOf(block));
    switch (block.type) {
      case 'paragraph':
        return { type: 'paragraph', children: readInline(this.content(block.lines), this.positions), position: position() } satisfies Paragraph;
      case 'heading': {
        const depth = block.depth as Heading['depth'];
        const content = block.lines.length > 0 ? this.content(block.lines) : this.content([block.contentStart, block.contentEnd]);
        return { type: 'heading', depth, children: readInline(content, this.positions), position: position() } satisfies Heading;
      }
      case 'thematicBreak':
        return { type: 'thematicBreak', position: position() } satisfies ThematicBreak;
      case 'blockquote': {
        const children = this.children(block);
        return { type: 'blockquote', children, position: position() };
      }
      case 'list': {
        const items = block.children.map((item) => this.item(item));
        return {
          type: 'list',
          ordered: block.ordered,
          start: block.ordered ? block.startNumber : null,
          spread: this.spread(block),
          children: items,
          position: this.positions.span(block.children[0].start, endOf(block)),
        } satisfies List;
      }
      case 'code': {
        const info = block.info;
        const space = info.search(/ /);
        const lang = info === '' ? null : space < 0 ? info : info.slice(0, space);
        const meta = space < 0 ? null : info.slice(space).trim() || null;
        return { type: 'code', lang, meta, value: this.joinLines(block.lines), position: position() } satisfies Code;
      }
      case 'html':
        return { type: 'html', value: this.joinLines(block.lines), position: position() } satisfies Html;
      default:
        throw new Error(`unexpected block ${block.type}`);
    }
  }

  private item(item: Block): ListItem {
    return {
      type: 'listItem',
      spread: this.spread(item),
      checked: null,
      children: this.children(item),
      position: this.positions.span(item.start, endOf(item)),
    };
  }

  /** mdast-util-from-markdown's `spread`: a blank line between two of the block's children. */
  private spread(block: Block): boolean {
    const children = block.children;
    for (let i = 1; i < children.length; i++) {
      if (this.positions.lineOf(children[i].start) - this.positions.lineOf(endOf(children[i - 1])) > 1) return true;
    }
    return false;
  }

  private joinLines(lines: number[]): string {
    let value = '';
    for (let i = 0; i < lines.length; i += 2) value += (i > 0 ? '\n' : '') + this.text.slice(lines[i], lines[i + 1]);
    return value;
  }

  /** A paragraph's lines as inline content: the last without its trailing spaces. */
  private content(lines: number[]): InlineContent {
    const text = this.text;
    const lineAt: number[] = [];
    const sourceAt: number[] = [];
    let joined = '';
    for (let i = 0; i < lines.length; i += 2) {
      let end = lines[i + 1];
      if (i + 2 === lines.length) while (end > lines[i] && text.charCodeAt(end - 1) === SPACE) end--;
      if (i > 0) joined += '\n';
      lineAt.push(joined.length);
      sourceAt.push(lines[i]);
      joined += text.slice(lines[i], end);
    }
    let prefixed = false;
    for (let k = 1; k < sourceAt.length; k++) if (text.charCodeAt(sourceAt[k] - 1) !== 10) prefixed = true;
    return { text: joined, prefixed, lineAt, sourceAt };
  }
}

/** Where a block ends: a container at the later of its own last line and its last child. */
function endOf(block: Block): number {
  const last = block.lastChild;
  return last ? Math.max(block.end, endOf(last)) : block.end;
}
