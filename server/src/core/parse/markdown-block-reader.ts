/* The block half of the direct Markdown reader: the lines of a body into a tree of blocks (see markdown-block-node.ts). */

import { Block, type BlockType } from './markdown-block-node.js';
import {
  BACKTICK,
  CLOSING_FENCE,
  CODE_FENCE,
  DASH,
  DOT,
  EQUALS,
  GT,
  HASH,
  HTML_BLOCK_TAG,
  HTML_COMMENT,
  HTML_COMPLETE_TAG,
  HTML_OTHER,
  LBRACKET,
  LT,
  MAYBE_SPECIAL,
  PLUS,
  RPAREN,
  SETEXT_UNDERLINE,
  SPACE,
  STAR,
  THEMATIC_BREAK,
  TILDE,
  UNDERSCORE,
} from './markdown-block-syntax.js';
import { giveUp } from './markdown-positions.js';

/** The block structure: the CommonMark algorithm, one line at a time (as in commonmark.js). */
export class BlockReader {
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
