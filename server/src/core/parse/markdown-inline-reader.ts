/* The inline reader: the text of one paragraph or heading into a tree of inline nodes (markdown-inline-node.ts). */

import { type Bracket, type Delimiter, Inline } from './markdown-inline-node.js';
import {
  AMP,
  ASCII_PUNCTUATION,
  BACKSLASH,
  BACKTICK,
  BANG,
  CHARACTER_REFERENCE,
  CHARACTER_REFERENCE_ANYWHERE,
  CLOSE_TAG,
  EMAIL_AUTOLINK,
  GT,
  LBRACKET,
  LPAREN,
  LT,
  NEWLINE,
  OPEN_TAG,
  OTHER,
  PUNCTUATION,
  RBRACKET,
  RPAREN,
  SPACE,
  STAR,
  STOPS,
  UNDERSCORE,
  URI_AUTOLINK,
  classify,
} from './markdown-inline-syntax.js';
import { giveUp } from './markdown-positions.js';

export class InlineReader {
  readonly root: Inline;
  private pos = 0;
  /** Whether a code span, link, reference or HTML tag was tried across a line ending and failed. */
  failedAcrossLine = false;
  private delimiters: Delimiter | undefined;
  private brackets: Bracket | undefined;

  constructor(private readonly text: string) {
    this.root = new Inline('root', 0, text.length);
  }

  read(): void {
    const text = this.text;
    const length = text.length;
    while (this.pos < length) {
      const c = text.charCodeAt(this.pos);
      switch (c) {
        case NEWLINE:
          this.lineEnding();
          break;
        case BACKSLASH:
          this.backslash();
          break;
        case BACKTICK:
          this.codeSpan();
          break;
        case STAR:
        case UNDERSCORE:
          this.delimiterRun(c);
          break;
        case LBRACKET:
          this.openBracket(1, false);
          break;
        case BANG:
          if (text.charCodeAt(this.pos + 1) === LBRACKET) this.openBracket(2, true);
          else this.literal(1);
          break;
        case RBRACKET:
          this.closeBracket();
          break;
        case LT:
          if (!this.autolink() && !this.htmlTag()) {
            if (/[A-Za-z/!?]/.test(text[this.pos + 1] ?? '')) this.noteScanAcross(this.pos, GT);
            this.literal(1);
          }
          break;
        case AMP:
          CHARACTER_REFERENCE.lastIndex = this.pos;
          if (CHARACTER_REFERENCE.test(text)) giveUp('a character reference');
          this.literal(1);
          break;
        default: {
          let end = this.pos + 1;
          while (end < length && !STOPS[text.charCodeAt(end)]) end++;
          this.literal(end - this.pos);
        }
      }
    }
    this.processEmphasis(undefined);
  }

  /** Plain text of `length` characters from here. */
  private literal(length: number): Inline {
    const node = new Inline('text', this.pos, this.pos + length, this.text.slice(this.pos, this.pos + length));
    this.root.append(node);
    this.pos += length;
    return node;
  }

  /**
   * A line ending: a hard break after two or more spaces, else part of the text. Spaces
   * before it belong to no node (micromark's line suffix), and the next line's
   * indentation is skipped.
   */
  private lineEnding(): void {
    const text = this.text;
    let spaces = 0;
    while (text.charCodeAt(this.pos - 1 - spaces) === SPACE) spaces++;
    const last = this.root.last;
    if (spaces > 0 && last && last.kind === 'text') {
      last.value = last.value.slice(0, last.value.length - spaces);
      last.end -= spaces;
      if (last.value === '') last.unlink();
    }
    if (spaces >= 2) this.root.append(new Inline('break', this.pos - spaces, this.pos + 1));
    else this.root.append(new Inline('text', this.pos, this.pos + 1, '\n'));
    this.pos++;
    this.skipIndentation();
  }

  private skipIndentation(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  private backslash(): void {
    const next = this.text.charCodeAt(this.pos + 1);
    if (next === NEWLINE) {
      this.root.append(new Inline('break', this.pos, this.pos + 2));
      this.pos += 2;
      this.skipIndentation();
    } else if (ASCII_PUNCTUATION[next]) {
      this.root.append(new Inline('text', this.pos, this.pos + 2, this.text[this.pos + 1]));
      this.pos += 2;
    } else this.literal(1);
  }

  /** A code span: the same number of backticks closes it; its text is kept as written, one padding space or line ending trimmed. */
  private codeSpan(): void {
    const text = this.text;
    const start = this.pos;
    let after = start;
    while (text.charCodeAt(after) === BACKTICK) after++;
    const run = after - start;
    let search = after;
    for (;;) {
      const close = text.indexOf('`', search);
      if (close < 0) {
        if (text.indexOf('\n', after) >= 0) this.failedAcrossLine = true;
        this.literal(run);
        return;
      }
      let closeEnd = close;
      while (text.charCodeAt(closeEnd) === BACKTICK) closeEnd++;
      if (closeEnd - close === run) {
        let value = text.slice(after, close);
        const first = value.charCodeAt(0);
        const lastCode = value.charCodeAt(value.length - 1);
        if ((first === SPACE || first === NEWLINE) && (lastCode === SPACE || lastCode === NEWLINE) && /[^ \n]/.test(value)) value = value.slice(1, -1);
        this.root.append(new Inline('inlineCode', start, closeEnd, value));
        this.pos = closeEnd;
        return;
      }
      search = closeEnd;
    }
  }

  private delimiterRun(marker: number): void {
    const text = this.text;
    const start = this.pos;
    let end = start;
    while (text.charCodeAt(end) === marker) end++;
    const before = classify(start > 0 ? text.charCodeAt(start - 1) : -1);
    const after = classify(end < text.length ? text.charCodeAt(end) : -1);
    // micromark's attention rules: left-flanking is `open`, right-flanking is `close`.
    const open = after === OTHER || (after === PUNCTUATION && before !== OTHER);
    const close = before === OTHER || (before === PUNCTUATION && after !== OTHER);
    const node = this.literal(end - start);
    const delimiter: Delimiter = {
      node,
      marker,
      count: end - start,
      canOpen: marker === STAR ? open : open && (before !== OTHER || !close),
      canClose: marker === STAR ? close : close && (after !== OTHER || !open),
      prev: this.delimiters,
      next: undefined,
    };
    if (this.delimiters) this.delimiters.next = delimiter;
    this.delimiters = delimiter;
  }

  private openBracket(length: number, image: boolean): void {
    const node = this.literal(length);
    this.brackets = { node, prev: this.brackets, prevDelimiter: this.delimiters, image, active: true };
  }

  private closeBracket(): void {
    const opener = this.brackets;
    if (!opener) {
      this.literal(1);
      return;
    }
    if (!opener.active) {
      this.brackets = opener.prev;
      this.literal(1);
      return;
    }
    const resource = this.resource(this.pos + 1);
    if (!resource) {
      if (this.text.charCodeAt(this.pos + 1) === LBRACKET) this.noteScanAcross(this.pos + 1, RBRACKET);
      // Without definitions a reference (`[a][b]`, `[a][]`, `[a]`) is text.
      this.brackets = opener.prev;
      this.literal(1);
      return;
    }
    const node = new Inline(opener.image ? 'image' : 'link', opener.node.start, resource.end);
    node.url = resource.url;
    node.title = resource.title;
    let child = opener.node.next;
    while (child) {
      const next = child.next;
      node.append(child);
      child = next;
    }
    this.root.append(node);
    this.processEmphasis(opener.prevDelimiter);
    this.brackets = opener.prev;
    opener.node.unlink();
    if (!opener.image) {
      // Links do not nest: every `[` before this one is text now.
      for (let b = this.brackets; b; b = b.prev) if (!b.image) b.active = false;
    }
    this.pos = resource.end;
  }

  /** An inline link's `(destination "title")` starting at `at`, or undefined. */
  private resource(at: number): { url: string; title: string | null; end: number } | undefined {
    if (this.text.charCodeAt(at) !== LPAREN) return undefined;
    const found = this.resourceFrom(at);
    if (!found && this.text.indexOf('\n', at) >= 0) this.failedAcrossLine = true;
    return found;
  }

  private resourceFrom(at: number): { url: string; title: string | null; end: number } | undefined {
    const text = this.text;
    let p = this.skipWhitespace(at + 1);
    let url = '';
    let title: string | null = null;
    if (text.charCodeAt(p) === RPAREN) return { url, title, end: p + 1 };
    const destStart = p;
    if (text.charCodeAt(p) === LT) {
      p++;
      for (;;) {
        const c = text.charCodeAt(p);
        if (Number.isNaN(c) || c === NEWLINE || c === LT) return undefined;
        if (c === BACKSLASH) giveUp('an escape in a link destination');
        if (c === GT) break;
        p++;
      }
      url = text.slice(destStart + 1, p);
      p++;
    } else {
      let depth = 0;
      for (;;) {
        const c = text.charCodeAt(p);
        if (Number.isNaN(c) || c <= SPACE || c === 0x7f) break;
        if (c === BACKSLASH) giveUp('an escape in a link destination');
        if (c === LPAREN) {
          depth++;
          if (depth > 32) giveUp('parentheses nested deeply in a link destination');
        } else if (c === RPAREN) {
          if (depth === 0) break;
          depth--;
        }
        p++;
      }
      if (depth !== 0 || p === destStart) return undefined;
      url = text.slice(destStart, p);
    }
    const afterDest = p;
    p = this.skipWhitespace(p);
    const q = text.charCodeAt(p);
    if (p > afterDest && (q === 34 || q === 39 || q === LPAREN)) {
      const close = q === LPAREN ? RPAREN : q;
      const titleStart = p + 1;
      p = titleStart;
      for (;;) {
        const c = text.charCodeAt(p);
        if (Number.isNaN(c)) return undefined;
        if (c === BACKSLASH || c === NEWLINE || (q === LPAREN && c === LPAREN)) giveUp('an escape, line ending or parenthesis in a link title');
        if (c === close) break;
        p++;
      }
      title = text.slice(titleStart, p);
      p = this.skipWhitespace(p + 1);
    }
    if (text.charCodeAt(p) !== RPAREN) return undefined;
    if (CHARACTER_REFERENCE_ANYWHERE.test(url) || (title !== null && CHARACTER_REFERENCE_ANYWHERE.test(title))) giveUp('a character reference in a link');
    return { url, title, end: p + 1 };
  }

  /** A failed look-ahead from `at` that only `until` would have stopped before the line ended. */
  private noteScanAcross(at: number, until: number): void {
    const newline = this.text.indexOf('\n', at);
    if (newline < 0) return;
    const stop = this.text.indexOf(String.fromCharCode(until), at + 1);
    if (stop < 0 || stop > newline) this.failedAcrossLine = true;
  }

  private skipWhitespace(at: number): number {
    let p = at;
    for (let c = this.text.charCodeAt(p); c === SPACE || c === NEWLINE; c = this.text.charCodeAt(++p));
    return p;
  }

  private autolink(): boolean {
    const text = this.text;
    for (const [pattern, email] of [
      [URI_AUTOLINK, false],
      [EMAIL_AUTOLINK, true],
    ] as const) {
      pattern.lastIndex = this.pos;
      const m = pattern.exec(text);
      if (!m) continue;
      const node = new Inline('link', this.pos, this.pos + m[0].length);
      node.url = email ? `mailto:${m[1]}` : m[1];
      node.append(new Inline('text', this.pos + 1, this.pos + 1 + m[1].length, m[1]));
      this.root.append(node);
      this.pos += m[0].length;
      return true;
    }
    return false;
  }

  /** Inline HTML on one line: a comment, an opening or a closing tag. */
  private htmlTag(): boolean {
    const text = this.text;
    const next = text.charCodeAt(this.pos + 1);
    let end = -1;
    if (next === BANG) {
      if (text.startsWith('<!--', this.pos)) {
        // micromark: the comment's own `--` may end it (`<!-->`), and a comment must end.
        const close = text.indexOf('-->', this.pos + 2);
        if (close < 0) return false;
        end = close + 3;
      } else if (/[A-Za-z[]/.test(text[this.pos + 2] ?? '')) giveUp('an inline HTML declaration or CDATA');
      else return false;
    } else if (next === 63) {
      giveUp('an inline HTML processing instruction');
    } else {
      for (const pattern of [OPEN_TAG, CLOSE_TAG]) {
        pattern.lastIndex = this.pos;
        if (pattern.test(text)) {
          end = pattern.lastIndex;
          break;
        }
      }
      if (end < 0) return false;
    }
    const value = text.slice(this.pos, end);
    if (value.includes('\n')) giveUp('inline HTML across lines');
    this.root.append(new Inline('html', this.pos, end, value));
    this.pos = end;
    return true;
  }

  /**
   * Emphasis and strong from the delimiter runs above `bottom`: each closer takes the nearest
   * opener of the same marker, as micromark matches them (its rule of three uses the markers
   * left in each run).
   */
  private processEmphasis(bottom: Delimiter | undefined): void {
    let closer = this.delimiters === bottom ? undefined : this.delimiters;
    while (closer && closer.prev !== bottom) closer = closer.prev;
    while (closer) {
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      let opener = closer.prev;
      while (opener && opener !== bottom) {
        if (
          opener.marker === closer.marker &&
          opener.canOpen &&
          !((opener.canClose || closer.canOpen) && closer.count % 3 !== 0 && (opener.count + closer.count) % 3 === 0)
        )
          break;
        opener = opener.prev;
      }
      if (!opener || opener === bottom) {
        closer = closer.next;
        continue;
      }
      const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      const openNode = opener.node;
      const closeNode = closer.node;
      opener.count -= use;
      closer.count -= use;
      openNode.value = openNode.value.slice(use);
      openNode.end -= use;
      closeNode.value = closeNode.value.slice(use);
      closeNode.start += use;
      const group = new Inline(use === 2 ? 'strong' : 'emphasis', openNode.end, closeNode.start);
      let child = openNode.next;
      while (child && child !== closeNode) {
        const next = child.next;
        group.append(child);
        child = next;
      }
      openNode.insertAfter(group);
      // Delimiters between the two are text now.
      opener.next = closer;
      closer.prev = opener;
      if (opener.count === 0) {
        openNode.unlink();
        this.removeDelimiter(opener);
      }
      if (closer.count === 0) {
        const next = closer.next;
        closeNode.unlink();
        this.removeDelimiter(closer);
        closer = next;
      }
    }
    while (this.delimiters && this.delimiters !== bottom) this.removeDelimiter(this.delimiters);
  }

  private removeDelimiter(d: Delimiter): void {
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev;
    else this.delimiters = d.prev;
  }
}
