import type { PhrasingContent } from 'mdast';
import { giveUp, type Positions } from './markdown-positions.js';

/**
 * The inline half of the direct Markdown reader: the text of one paragraph or heading into
 * mdast phrasing nodes — text, line breaks, code spans, emphasis and strong, inline links
 * and images, autolinks and inline HTML comments and tags — with the same values and ranges
 * as remark (micromark's rules, which differ from the reference implementation in a few
 * places noted below). It gives up (see `giveUp`) on what it does not read: character
 * references, escapes inside link destinations and titles, processing instructions,
 * declarations, and inline HTML spanning lines.
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

const NEWLINE = 10;
const SPACE = 32;
const BANG = 33;
const AMP = 38;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const LT = 60;
const GT = 62;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;

type Kind = 'root' | 'text' | 'break' | 'inlineCode' | 'emphasis' | 'strong' | 'link' | 'image' | 'html';

/** A node of the inline tree while it is built: children in a linked list, as emphasis and links move them. */
class Inline {
  parent: Inline | undefined;
  first: Inline | undefined;
  last: Inline | undefined;
  prev: Inline | undefined;
  next: Inline | undefined;
  url = '';
  title: string | null = null;

  constructor(
    readonly kind: Kind,
    /** Start and end in the content text. */
    public start: number,
    public end: number,
    public value = '',
  ) {}

  append(child: Inline): void {
    child.unlink();
    child.parent = this;
    if (this.last) {
      this.last.next = child;
      child.prev = this.last;
    } else this.first = child;
    this.last = child;
  }

  insertAfter(sibling: Inline): void {
    sibling.unlink();
    sibling.parent = this.parent;
    sibling.next = this.next;
    sibling.prev = this;
    if (this.next) this.next.prev = sibling;
    else if (this.parent) this.parent.last = sibling;
    this.next = sibling;
  }

  unlink(): void {
    if (this.prev) this.prev.next = this.next;
    else if (this.parent) this.parent.first = this.next;
    if (this.next) this.next.prev = this.prev;
    else if (this.parent) this.parent.last = this.prev;
    this.parent = this.prev = this.next = undefined;
  }
}

/** A run of `*` or `_` that may open or close emphasis. */
interface Delimiter {
  node: Inline;
  marker: number;
  /** Markers left in the run (micromark's rule of three counts these, not the run as written). */
  count: number;
  canOpen: boolean;
  canClose: boolean;
  prev: Delimiter | undefined;
  next: Delimiter | undefined;
}

/** A `[` or `![` waiting for its `]`. */
interface Bracket {
  node: Inline;
  prev: Bracket | undefined;
  prevDelimiter: Delimiter | undefined;
  image: boolean;
  active: boolean;
}

const WHITESPACE = 1;
const PUNCTUATION = 2;
const OTHER = 0;

/** micromark's character classes for flanking, per UTF-16 code unit (-1 is the edge of the text). */
function classify(code: number): number {
  if (code < 0 || code === SPACE || code === NEWLINE || code === 9 || code === 12 || code === 13) return WHITESPACE;
  if (code < 128) return ASCII_PUNCTUATION[code] ? PUNCTUATION : OTHER;
  const char = String.fromCharCode(code);
  if (/\s/.test(char)) return WHITESPACE;
  return /\p{P}|\p{S}/u.test(char) ? PUNCTUATION : OTHER;
}

const ASCII_PUNCTUATION: boolean[] = [];
for (const c of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') ASCII_PUNCTUATION[c.charCodeAt(0)] = true;

/** Characters that end a run of plain text. */
const STOPS: boolean[] = [];
for (const c of '\n\\`*_[]!<&') STOPS[c.charCodeAt(0)] = true;

const CHARACTER_REFERENCE = /&(?:#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/y;
const CHARACTER_REFERENCE_ANYWHERE = new RegExp(CHARACTER_REFERENCE.source);
// eslint-disable-next-line no-control-regex -- an autolink's address holds no ASCII control character
const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>\x7f]*)>/y;
const EMAIL_AUTOLINK = /<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
const OPEN_TAG = /<[A-Za-z][A-Za-z0-9-]*(?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t\n]*=[ \t\n]*(?:[^"'=<>`/ \t\n]+|'[^']*'|"[^"]*"))?)*[ \t\n]*\/?>/y;
const CLOSE_TAG = /<\/[A-Za-z][A-Za-z0-9-]*[ \t\n]*>/y;

class InlineReader {
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
