import type { BlockContent, Code, Heading, Html, List, ListItem, Paragraph, Root, ThematicBreak } from 'mdast';
import { readInline, type InlineContent } from './markdown-inline.js';
import { giveUp, NOT_DIRECT, Positions } from './markdown-positions.js';

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

type BlockType = 'root' | 'blockquote' | 'list' | 'listItem' | 'paragraph' | 'heading' | 'thematicBreak' | 'code' | 'html';

class Block {
  parent: Block | undefined;
  readonly children: Block[] = [];
  open = true;
  /** Where the block ends in the text (containers: the end of their own last line; see `endOf`). */
  end: number;
  /** Paragraphs and setext headings: each line's content start and line end, in pairs. */
  lines: number[] = [];
  /** Headings. */
  depth = 0;
  contentStart = 0;
  contentEnd = 0;
  /** Lists: how items are marked, and the first number. */
  ordered = false;
  startNumber = 0;
  /** The bullet character, or the `.`/`)` after an ordered item's number. */
  marker = 0;
  /** Items: the marker's indentation and the width of marker and spaces (content starts after both). */
  markerOffset = 0;
  padding = 0;
  /** Fenced code. */
  fenceChar = 0;
  fenceLength = 0;
  fenceOffset = 0;
  info = '';
  /** Whether the fence line is behind: the lines after it are the code. */
  pastFence = false;
  closed = false;
  /** HTML blocks: the CommonMark start condition (2, 6 or 7). */
  htmlType = 0;

  constructor(
    public type: BlockType,
    readonly start: number,
  ) {
    this.end = start;
  }

  get lastChild(): Block | undefined {
    // Not `children[length - 1]` on an empty list: a read out of bounds is V8's slow path, and most blocks have no children.
    const n = this.children.length;
    return n > 0 ? this.children[n - 1] : undefined;
  }
}

const SPACE = 32;
const HASH = 35;
const STAR = 42;
const PLUS = 43;
const DASH = 45;
const DOT = 46;
const LT = 60;
const GT = 62;
const LBRACKET = 91;
const UNDERSCORE = 95;
const BACKTICK = 96;
const TILDE = 126;
const RPAREN = 41;
const EQUALS = 61;

/** Characters that may start a block other than a paragraph. */
const MAYBE_SPECIAL: boolean[] = [];
for (const c of '#`~*+_=<>0123456789-') MAYBE_SPECIAL[c.charCodeAt(0)] = true;

const THEMATIC_BREAK = /(?:(?:\*[ ]*){3,}|(?:_[ ]*){3,}|(?:-[ ]*){3,})$/y;
const SETEXT_UNDERLINE = /(?:=+|-+)[ ]*$/y;
const CODE_FENCE = /`{3,}(?![^\n]*`)|~{3,}/y;
const CLOSING_FENCE = /(?:`{3,}|~{3,})[ ]*$/y;

const HTML_BLOCK_NAMES =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
/** HTML blocks this reader leaves to remark: raw text elements, processing instructions, declarations, CDATA. */
const HTML_OTHER = /<(?:(?:script|pre|style|textarea)(?:[ >]|$)|\?|![A-Za-z[])/iy;
const HTML_COMMENT = /<!--/y;
const HTML_BLOCK_TAG = new RegExp(`</?(?:${HTML_BLOCK_NAMES})(?:[ ]|/?>|$)`, 'iy');
const HTML_COMPLETE_TAG =
  /(?:<[A-Za-z][A-Za-z0-9-]*(?:[ ]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ ]*=[ ]*(?:[^"'=<>`/ ]+|'[^']*'|"[^"]*"))?)*[ ]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ ]*>)[ ]*$/y;

/** The block structure: the CommonMark algorithm, one line at a time (as in commonmark.js). */
class BlockReader {
  private readonly doc = new Block('root', 0);
  private tip: Block = this.doc;
  private oldTip: Block = this.doc;
  private lastMatched: Block = this.doc;
  private allClosed = true;
  /** The current line. */
  private lineEnd = 0;
  private offset = 0;
  private nextNonspace = 0;
  private indent = 0;
  private blank = false;
  /** Where the line's content starts once the open containers took their markers. */
  private contentStart = 0;
  /**
   * Whether the line may interrupt a paragraph it would otherwise continue: then every list
   * item it opens, nested ones included (micromark's reading), must hold text, and an ordered one start at 1.
   */
  private interrupting = false;

  constructor(private readonly text: string) {}

  read(): Block {
    const text = this.text;
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      this.line(start, end);
      start = end + 1;
    }
    while (this.tip !== this.doc) this.finalize(this.tip);
    this.finalize(this.doc);
    return this.doc;
  }

  private findNextNonspace(): void {
    const text = this.text;
    let i = this.offset;
    while (i < this.lineEnd && text.charCodeAt(i) === SPACE) i++;
    this.nextNonspace = i;
    this.indent = i - this.offset;
    this.blank = i === this.lineEnd;
  }

  private get indented(): boolean {
    return this.indent >= 4;
  }

  private charAt(i: number): number {
    return i < this.lineEnd ? this.text.charCodeAt(i) : -1;
  }

  private line(start: number, end: number): void {
    this.offset = start;
    this.lineEnd = end;
    this.oldTip = this.tip;
    let container = this.doc;
    for (let child = container.lastChild; child && child.open; child = container.lastChild) {
      container = child;
      this.findNextNonspace();
      const matched = this.continues(container);
      if (matched === 'line done') return;
      if (matched === 'no') {
        container = container.parent as Block;
        break;
      }
    }
    this.allClosed = container === this.oldTip;
    this.lastMatched = container;
    this.interrupting = container.type === 'paragraph';
    this.contentStart = this.offset;
    this.findNextNonspace();
    if (this.blank) this.checkBlankInQuote();

    // A fence or HTML block still open takes the line as it is.
    let matchedLeaf = container.type === 'code' || container.type === 'html';
    while (!matchedLeaf) {
      this.findNextNonspace();
      if (!this.indented && !MAYBE_SPECIAL[this.text.charCodeAt(this.nextNonspace)]) {
        this.offset = this.nextNonspace;
        break;
      }
      const started = this.blockStart(container);
      if (started === 'none') {
        this.offset = this.nextNonspace;
        break;
      }
      container = this.tip;
      if (started === 'leaf') matchedLeaf = true;
    }

    if (!this.allClosed && !this.blank && this.tip.type === 'paragraph') {
      // A lazy continuation line.
      this.tip.lines.push(this.contentStart, end);
      this.tip.end = end;
      return;
    }
    this.closeUnmatched();
    const type = container.type;
    if (type === 'code') {
      if (container.closed) return;
      if (container.pastFence) container.lines.push(this.offset, end);
      container.pastFence = true;
      container.end = end;
    } else if (type === 'html') {
      container.lines.push(this.offset, end);
      container.end = end;
      if (container.htmlType === 2 && this.text.slice(this.offset, end).includes('-->')) this.finalize(container);
    } else if (type === 'paragraph') {
      container.lines.push(this.contentStart, end);
      container.end = end;
    } else if (this.offset < end && !this.blank && type !== 'heading' && type !== 'thematicBreak') {
      const paragraph = this.addChild('paragraph', this.nextNonspace);
      paragraph.lines.push(this.nextNonspace, end);
      paragraph.end = end;
    }
  }

  /** Whether an open block goes on on this line (taking its markers). */
  private continues(block: Block): 'yes' | 'no' | 'line done' {
    switch (block.type) {
      case 'blockquote':
        if (!this.indented && this.charAt(this.nextNonspace) === GT) {
          this.offset = this.nextNonspace + 1;
          if (this.charAt(this.offset) === SPACE) this.offset++;
          block.end = this.lineEnd;
          return 'yes';
        }
        return 'no';
      case 'listItem':
        if (this.blank) {
          if (block.children.length === 0) return 'no';
          // micromark takes no more of a blank line than the item's indentation (a fence keeps the rest).
          this.offset += Math.min(this.indent, block.markerOffset + block.padding);
          return 'yes';
        }
        if (this.indent >= block.markerOffset + block.padding) {
          this.offset += block.markerOffset + block.padding;
          return 'yes';
        }
        return 'no';
      case 'code': {
        if (this.indent <= 3 && this.charAt(this.nextNonspace) === block.fenceChar) {
          CLOSING_FENCE.lastIndex = this.nextNonspace;
          const m = CLOSING_FENCE.exec(this.text.slice(0, this.lineEnd));
          if (m && m[0].trimEnd().length >= block.fenceLength && m[0].charCodeAt(0) === block.fenceChar) {
            block.closed = true;
            block.end = this.lineEnd;
            this.finalize(block);
            return 'line done';
          }
        }
        for (let i = block.fenceOffset; i > 0 && this.charAt(this.offset) === SPACE; i--) this.offset++;
        return 'yes';
      }
      case 'html':
        return this.blank && (block.htmlType === 6 || block.htmlType === 7) ? 'no' : 'yes';
      case 'paragraph':
        return this.blank ? 'no' : 'yes';
      case 'heading':
      case 'thematicBreak':
        return 'no';
      default:
        return 'yes';
    }
  }

  /** Opens a block starting here, if one does: a container (`container`), a leaf (`leaf`) or none. */
  private blockStart(container: Block): 'container' | 'leaf' | 'none' {
    const text = this.text;
    const at = this.nextNonspace;
    const c = this.charAt(at);
    const lineText = this.lineEnd === text.length ? text : text.slice(0, this.lineEnd);
    if (!this.indented) {
      if (c === GT) {
        this.checkNewContainerInQuote(false);
        this.offset = at + 1;
        if (this.charAt(this.offset) === SPACE) this.offset++;
        this.closeUnmatched();
        const quote = this.addChild('blockquote', at);
        quote.end = this.lineEnd;
        return 'container';
      }
      if (c === HASH && this.atxHeading(at)) return 'leaf';
      if (c === BACKTICK || c === TILDE) {
        CODE_FENCE.lastIndex = at;
        const m = CODE_FENCE.exec(lineText);
        if (m) {
          const info = text.slice(at + m[0].length, this.lineEnd).trim();
          if (info.includes('\\') || info.includes('&')) giveUp('an escape or character reference in a code fence info string');
          this.closeUnmatched();
          const code = this.addChild('code', at);
          code.fenceChar = c;
          code.fenceLength = m[0].length;
          code.fenceOffset = this.indent;
          code.info = info;
          code.end = this.lineEnd;
          this.offset = this.lineEnd;
          return 'leaf';
        }
      }
      if (c === LT) {
        const type = this.htmlBlockType(lineText, at, container);
        if (type > 0) {
          this.closeUnmatched();
          const html = this.addChild('html', this.offset);
          html.htmlType = type;
          return 'leaf';
        }
      }
      if ((c === EQUALS || c === DASH) && container.type === 'paragraph') {
        SETEXT_UNDERLINE.lastIndex = at;
        if (SETEXT_UNDERLINE.test(lineText)) {
          this.closeUnmatched();
          this.checkNoDefinition(container);
          container.type = 'heading';
          container.depth = c === EQUALS ? 1 : 2;
          container.end = this.lineEnd;
          this.offset = this.lineEnd;
          return 'leaf';
        }
      }
      if (c === STAR || c === UNDERSCORE || c === DASH) {
        THEMATIC_BREAK.lastIndex = at;
        if (THEMATIC_BREAK.test(lineText)) {
          this.closeUnmatched();
          const rule = this.addChild('thematicBreak', at);
          rule.end = this.lineEnd;
          this.offset = this.lineEnd;
          return 'leaf';
        }
      }
    }
    if ((!this.indented || container.type === 'list') && this.listItem()) return 'container';
    if (this.indented && this.tip.type !== 'paragraph' && !this.blank) giveUp('indented code');
    return 'none';
  }

  private atxHeading(at: number): boolean {
    const text = this.text;
    let after = at;
    while (after < this.lineEnd && text.charCodeAt(after) === HASH) after++;
    const depth = after - at;
    if (depth > 6 || (after < this.lineEnd && text.charCodeAt(after) !== SPACE)) return false;
    this.closeUnmatched();
    const heading = this.addChild('heading', at);
    heading.depth = depth;
    heading.end = this.lineEnd;
    let start = after;
    while (start < this.lineEnd && text.charCodeAt(start) === SPACE) start++;
    let end = this.lineEnd;
    while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
    let closing = end;
    while (closing > start && text.charCodeAt(closing - 1) === HASH) closing--;
    if (closing === start) end = start;
    else if (closing < end && text.charCodeAt(closing - 1) === SPACE) {
      end = closing;
      while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
    }
    heading.contentStart = start;
    heading.contentEnd = end;
    this.offset = this.lineEnd;
    return true;
  }

  /** The HTML block this line opens (2: comment, 6: block-level tag, 7: a complete tag alone), 0 for none. */
  private htmlBlockType(lineText: string, at: number, container: Block): number {
    HTML_OTHER.lastIndex = at;
    if (HTML_OTHER.test(lineText)) giveUp('a raw, processing-instruction, declaration or CDATA HTML block');
    HTML_COMMENT.lastIndex = at;
    if (HTML_COMMENT.test(lineText)) return 2;
    HTML_BLOCK_TAG.lastIndex = at;
    if (HTML_BLOCK_TAG.test(lineText)) return 6;
    // A complete tag cannot interrupt a paragraph.
    if (container.type === 'paragraph') return 0;
    HTML_COMPLETE_TAG.lastIndex = at;
    if (!HTML_COMPLETE_TAG.test(lineText)) return 0;
    // On a lazy line micromark opens it inside the paragraph's container, at some depths: left to remark.
    if (!this.allClosed && this.tip.type === 'paragraph') giveUp('an HTML tag on a line after a paragraph in a list or quote');
    return 7;
  }

  private listItem(): boolean {
    if (this.indent >= 4) return false;
    const text = this.text;
    const at = this.nextNonspace;
    const c = this.charAt(at);
    let markerEnd = at + 1;
    let ordered = false;
    let startNumber = 0;
    let marker = c;
    if (c === STAR || c === PLUS || c === DASH) {
      // bullet
    } else if (c >= 48 && c <= 57) {
      let i = at;
      while (i < this.lineEnd && i - at < 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const d = this.charAt(i);
      if (i - at > 9 || (d !== DOT && d !== RPAREN)) return false;
      startNumber = Number(text.slice(at, i));
      if (this.interrupting && startNumber !== 1) return false;
      ordered = true;
      marker = d;
      markerEnd = i + 1;
    } else return false;
    const next = this.charAt(markerEnd);
    if (next !== -1 && next !== SPACE) return false;
    if (this.interrupting && text.slice(markerEnd, this.lineEnd).trim() === '') return false;

    let spaces = 0;
    while (spaces < 5 && this.charAt(markerEnd + spaces) === SPACE) spaces++;
    const blankItem = this.charAt(markerEnd + spaces) === -1 && (spaces < 5 || text.slice(markerEnd, this.lineEnd).trim() === '');
    let padding: number;
    if (spaces >= 5 || spaces < 1 || blankItem) {
      padding = markerEnd - at + 1;
      this.offset = markerEnd + (this.charAt(markerEnd) === SPACE ? 1 : 0);
    } else {
      padding = markerEnd - at + spaces;
      this.offset = markerEnd + spaces;
    }
    const last = this.lastMatched;
    this.checkNewContainerInQuote(last.type === 'list' && last.ordered === ordered && last.marker === marker);
    this.closeUnmatched();
    const tip = this.tip;
    if (tip.type !== 'list' || tip.ordered !== ordered || tip.marker !== marker) {
      const list = this.addChild('list', at);
      list.ordered = ordered;
      list.startNumber = startNumber;
      list.marker = marker;
    }
    const item = this.addChild('listItem', at);
    item.markerOffset = this.indent;
    item.padding = padding;
    item.end = this.lineEnd;
    return true;
  }

  /**
   * micromark ends a list, or an empty quote, inside a quote after the outer quote's blank
   * lines (`>` alone), and counts them towards a list's `spread`: bodies with a blank line
   * in a quote while a list or quote is open inside it go to remark.
   */
  private checkBlankInQuote(): void {
    let matched = this.lastMatched !== this.doc;
    let quote = false;
    for (let b = this.doc.lastChild; b && b.open; b = b.lastChild) {
      if (quote && (b.type === 'list' || b.type === 'blockquote')) giveUp('a blank line in a quote with a list or quote open in it');
      if (matched && b.type === 'blockquote') quote = true;
      if (b === this.lastMatched) matched = false;
    }
  }

  /**
   * micromark ends a list or quote that a new list or quote closes, inside a quote, where the
   * new one starts, not where its own text ends: those bodies go to remark.
   */
  private checkNewContainerInQuote(continuesList: boolean): void {
    if (this.allClosed && this.lastMatched.type !== 'list') return;
    let quoted = false;
    for (let b: Block | undefined = this.lastMatched; b && !quoted; b = b.parent) quoted = b.type === 'blockquote';
    if (!quoted) return;
    if (this.lastMatched.type === 'list' && !continuesList) giveUp('a new list or quote closing a list inside a quote');
    for (let b = this.oldTip; b !== this.lastMatched; b = b.parent as Block) {
      if (b.type === 'blockquote' || b.type === 'list' || (b.type === 'listItem' && !(continuesList && b.parent === this.lastMatched)))
        giveUp('a new list or quote closing a list or quote inside a quote');
    }
  }

  private closeUnmatched(): void {
    if (this.allClosed) return;
    while (this.oldTip !== this.lastMatched) {
      const parent = this.oldTip.parent as Block;
      this.finalize(this.oldTip);
      this.oldTip = parent;
    }
    this.allClosed = true;
  }

  private addChild(type: BlockType, start: number): Block {
    while (!canContain(this.tip.type, type)) this.finalize(this.tip);
    const child = new Block(type, start);
    child.parent = this.tip;
    this.tip.children.push(child);
    this.tip = child;
    return child;
  }

  private finalize(block: Block): void {
    block.open = false;
    if (block.type === 'paragraph') this.checkNoDefinition(block);
    // A fence left open: remark's reading of what follows differs in details not worth copying.
    if (block.type === 'code' && !block.closed) giveUp('a code fence left open');
    if (block.parent) this.tip = block.parent;
  }

  /** Link reference definitions (`[label]: url`) open paragraphs; remark reads those bodies. */
  private checkNoDefinition(paragraph: Block): void {
    const start = paragraph.lines[0];
    if (this.text.charCodeAt(start) === LBRACKET && this.text.slice(start, paragraph.end).includes(']:')) giveUp('a link reference definition');
  }
}

function canContain(parent: BlockType, child: BlockType): boolean {
  if (parent === 'list') return child === 'listItem';
  return (parent === 'root' || parent === 'blockquote' || parent === 'listItem') && child !== 'listItem';
}

/** The block structure as mdast, with remark's positions and `spread`. */
class TreeBuilder {
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
