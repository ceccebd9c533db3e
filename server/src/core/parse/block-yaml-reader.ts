/* The block YAML reader itself: one pass over the characters into plain data and node ranges (see readBlockYaml). */

import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DASH,
  FLOW_BREAK,
  FLOW_INDICATORS,
  FLOW_KEY_END,
  fold,
  giveUp,
  HASH,
  INDICATORS,
  isDocumentMarker,
  OPEN_BRACE,
  OPEN_BRACKET,
  SPACE,
} from './block-yaml-syntax.js';
import { LIMITS } from './limits.js';
import { resolvePlain } from './plain-scalar.js';
import type { YamlMapNode, YamlNode, YamlPairNode, YamlSeqNode } from './yaml-nodes.js';

/**
 * A parsed node, its plain value, and where the parser ends it: for a value on a key's or
 * dash's line, together with what trails it there (set once the line is read).
 */
interface Parsed {
  node: YamlNode;
  value: unknown;
  end: number;
}

export class BlockReader {
  /** The current content line (not blank, not a comment): its start, first character and end. */
  private lineStart = 0;
  private first = 0;
  private lineEnd = 0;
  private indent = -1;
  /** Whether comment lines were passed on the way to the current line. */
  private passedComments = false;
  /** The most indented comment line passed on the way to the current line. */
  private deepestComment = -1;
  /** Whether a flow map was read: documents with one are held to the entry limit of flow YAML (see readYaml). */
  private flowMaps = false;

  constructor(private readonly text: string) {}

  document(): { data: unknown; tree: YamlNode; flowMaps: boolean } {
    this.advance(0);
    if (this.indent !== 0) giveUp();
    const root = this.isDashLine(this.first) ? this.sequence(0, 0) : this.isKeyLine(this.first) ? this.map(0, this.first, 0) : this.rootValue();
    // Anything after the root (text the parser would reject, or trailing comments it keeps) goes to the parser.
    if (!this.atEnd() || this.passedComments) giveUp();
    return { data: root.value, tree: root.node, flowMaps: this.flowMaps };
  }

  /**
   * A document that is one value on one line (a Markdown sub-item's `target: ">= 90%"` is read
   * as one): a quoted or plain scalar, or a flow list of scalars.
   */
  private rootValue(): Parsed {
    const c = this.text.charCodeAt(this.first);
    if (c === 124 || c === 62 || this.passedComments) giveUp();
    return this.valueAt(this.first, -1);
  }

  /** Moves to the first content line at or after `from`, which must be a line start. */
  private advance(from: number): void {
    const text = this.text;
    this.passedComments = false;
    this.deepestComment = -1;
    let start = from;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i < end) {
        if (text.charCodeAt(i) !== HASH) {
          if (i === start && isDocumentMarker(text, start)) giveUp();
          this.lineStart = start;
          this.first = i;
          this.lineEnd = end;
          this.indent = i - start;
          return;
        }
        this.passedComments = true;
        if (i - start > this.deepestComment) this.deepestComment = i - start;
      }
      start = end + 1;
    }
    this.lineStart = this.first = this.lineEnd = text.length;
    this.indent = -1;
  }

  private atEnd(): boolean {
    return this.indent === -1;
  }

  /** Position after the current line's newline (or the end of the text). */
  private nextLineStart(): number {
    return this.lineEnd < this.text.length ? this.lineEnd + 1 : this.text.length;
  }

  private isDashLine(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.lineEnd || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** Whether the current line has a plain key at `at`: `key:` followed by a space or the line end. */
  private isKeyLine(at: number): boolean {
    if (INDICATORS.has(this.text.charCodeAt(at))) return false;
    return this.colonAfterKey(at) !== -1;
  }

  /** The colon ending a plain key that starts at `at`, or -1 when the line is not `key: …`. */
  private colonAfterKey(at: number): number {
    const text = this.text;
    for (let i = at; i < this.lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === this.lineEnd || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** A block map whose keys sit at column `indent`; its first key starts at `keyAt` on the current line. */
  private map(indent: number, keyAt: number, depth: number): Parsed {
    if (depth > LIMITS.maxDepth) giveUp();
    const text = this.text;
    const pairs: YamlPairNode[] = [];
    const value: Record<string, unknown> = {};
    let end: number;
    for (let at = keyAt; ;) {
      const colon = this.colonAfterKey(at);
      if (colon === -1 || INDICATORS.has(text.charCodeAt(at)) || text.charCodeAt(colon - 1) === SPACE || colon - at > 1024) giveUp();
      const key = text.slice(at, colon);
      if (resolvePlain(key) !== key || key === '__proto__' || Object.prototype.hasOwnProperty.call(value, key)) giveUp();
      const item = this.valueAfter(colon + 1, indent, depth);
      pairs.push({ key, keyStart: at, keyEnd: colon, value: item.node });
      value[key] = item.value;
      end = item.end;
      if (this.indent < indent) break;
      if (this.indent > indent || !this.isKeyLine(this.first)) giveUp();
      at = this.first;
    }
    this.closing();
    const node: YamlMapNode = { kind: 'map', start: keyAt, end, pairs };
    return { node, value, end };
  }

  /** A block list whose dashes sit at column `indent`, starting on the current line. */
  private sequence(indent: number, depth: number): Parsed {
    if (depth > LIMITS.maxDepth) giveUp();
    const text = this.text;
    const start = this.first;
    const items: YamlNode[] = [];
    const value: unknown[] = [];
    let end: number;
    for (;;) {
      let at = this.first + 1;
      while (at < this.lineEnd && text.charCodeAt(at) === SPACE) at++;
      // Empty items, comments after the dash and `- - x` are left to the parser.
      if (at === this.lineEnd || text.charCodeAt(at) === HASH || this.isDashLine(at)) giveUp();
      const item = this.isKeyLine(at) ? this.map(at - this.lineStart, at, depth + 1) : this.valueAt(at, indent);
      items.push(item.node);
      value.push(item.value);
      end = item.end;
      if (this.indent < indent || (this.indent === indent && !this.isDashLine(this.first))) break;
      if (this.indent > indent) giveUp();
    }
    this.closing();
    const node: YamlSeqNode = { kind: 'seq', start, end, items };
    return { node, value, end };
  }

  /** A collection ends here: comments just before its end would extend its range in the parser. */
  private closing(): void {
    if (this.passedComments) giveUp();
  }

  /**
   * The value of a key whose colon ends at `from`, owned by a key at column `owner`:
   * on the same line, on the lines below (a nested collection), or empty.
   */
  private valueAfter(from: number, owner: number, depth: number): Parsed {
    const text = this.text;
    let at = from;
    while (at < this.lineEnd && text.charCodeAt(at) === SPACE) at++;
    if (at < this.lineEnd) {
      if (text.charCodeAt(at) === HASH) giveUp();
      return this.valueAt(at, owner);
    }
    const empty = at;
    this.advance(this.nextLineStart());
    const dash = this.isDashLine(this.first);
    if (this.indent > owner || (this.indent === owner && dash)) {
      if (dash) return this.sequence(this.indent, depth + 1);
      return this.isKeyLine(this.first) ? this.map(this.indent, this.first, depth + 1) : giveUp();
    }
    // An empty value followed by comments takes them into its range in the parser.
    if (this.passedComments) giveUp();
    return { node: { kind: 'scalar', start: empty, end: empty }, value: null, end: empty };
  }

  /** A value starting at `at` on the current line, owned by a key or dash at column `owner`. */
  private valueAt(at: number, owner: number): Parsed {
    const c = this.text.charCodeAt(at);
    let parsed: Parsed;
    let end: number;
    if (c === 124 || c === 62) {
      parsed = this.blockScalar(at, owner);
      end = parsed.node.end;
    } else {
      parsed = c === OPEN_BRACKET ? this.flowList(at) : c === OPEN_BRACE ? this.flowMap(at) : c === 34 || c === 39 ? this.quotedValue(at) : this.plainValue(at);
      end = this.nextLineStart();
    }
    parsed.end = end;
    this.advance(end);
    // A more indented line below continues the scalar (or is an error); a more indented
    // comment joins the scalar's range: both are the parser's to read.
    if (this.indent > owner || this.deepestComment > owner) giveUp();
    return parsed;
  }

  private plainValue(at: number): Parsed {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (INDICATORS.has(c) && !(c === DASH && at + 1 < this.lineEnd && text.charCodeAt(at + 1) !== SPACE)) giveUp();
    let end = this.lineEnd;
    for (let i = at + 1; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === this.lineEnd || text.charCodeAt(i + 1) === SPACE)) giveUp();
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
    }
    while (text.charCodeAt(end - 1) === SPACE) end--;
    return { node: { kind: 'scalar', start: at, end }, value: resolvePlain(text.slice(at, end)), end };
  }

  private quotedValue(at: number): Parsed {
    const q = this.quoted(at);
    this.restOfLine(q.node.end);
    return q;
  }

  /** A one-line quoted scalar at `at`; escapes and line breaks are left to the parser. */
  private quoted(at: number): Parsed {
    const text = this.text;
    const quote = text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (let i = at + 1; i < this.lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (quote === 34 && c === 92) giveUp();
      if (c !== quote) continue;
      if (quote === 39 && text.charCodeAt(i + 1) === 39) {
        value += text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      value += text.slice(from, i);
      return { node: { kind: 'scalar', start: at, end: i + 1 }, value, end: i + 1 };
    }
    return giveUp();
  }

  /** After a value on its line only spaces and a comment may follow. */
  private restOfLine(from: number): void {
    const text = this.text;
    let i = from;
    while (i < this.lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (i < this.lineEnd && !(text.charCodeAt(i) === HASH && i > from)) giveUp();
  }

  /** `[a, "b", c]` on one line, of scalars only. */
  private flowList(at: number): Parsed {
    const text = this.text;
    const items: YamlNode[] = [];
    const value: unknown[] = [];
    let i = at + 1;
    for (;;) {
      i = this.skipSpaces(i);
      if (i >= this.lineEnd) giveUp();
      if (text.charCodeAt(i) === CLOSE_BRACKET) break;
      const item = this.flowScalar(i, CLOSE_BRACKET);
      items.push(item.node);
      value.push(item.value);
      i = this.afterFlowEntry(item.end, CLOSE_BRACKET);
    }
    const node: YamlSeqNode = { kind: 'seq', start: at, end: i + 1, items };
    this.restOfLine(i + 1);
    return { node, value, end: i + 1 };
  }

  /** `{key: a, other: "b"}` on one line: plain keys, each with a scalar value. */
  private flowMap(at: number): Parsed {
    this.flowMaps = true;
    const text = this.text;
    const pairs: YamlPairNode[] = [];
    const value: Record<string, unknown> = {};
    let i = at + 1;
    for (;;) {
      i = this.skipSpaces(i);
      if (i >= this.lineEnd) giveUp();
      if (text.charCodeAt(i) === CLOSE_BRACE) break;
      if (INDICATORS.has(text.charCodeAt(i))) giveUp();
      const keyStart = i;
      while (i < this.lineEnd && !FLOW_KEY_END.has(text.charCodeAt(i))) i++;
      // A key without a value, `k:v` (one plain scalar in flow) and anything else unusual go to the parser.
      if (text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE) giveUp();
      const key = text.slice(keyStart, i);
      if (key.endsWith(' ') || resolvePlain(key) !== key || key === '__proto__' || Object.prototype.hasOwnProperty.call(value, key)) giveUp();
      const valueAt = this.skipSpaces(i + 1);
      // An empty value (`{k: }`) is null with a range of its own: left to the parser.
      if (valueAt >= this.lineEnd || text.charCodeAt(valueAt) === COMMA || text.charCodeAt(valueAt) === CLOSE_BRACE) giveUp();
      const item = this.flowScalar(valueAt, CLOSE_BRACE);
      pairs.push({ key, keyStart, keyEnd: i, value: item.node });
      value[key] = item.value;
      i = this.afterFlowEntry(item.end, CLOSE_BRACE);
    }
    const node: YamlMapNode = { kind: 'map', start: at, end: i + 1, pairs };
    this.restOfLine(i + 1);
    return { node, value, end: i + 1 };
  }

  /** A quoted or plain scalar inside a flow collection closed by `closer`. */
  private flowScalar(at: number, closer: number): Parsed {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) return this.quoted(at);
    if (INDICATORS.has(c) && !(c === DASH && !FLOW_BREAK.has(text.charCodeAt(at + 1)))) giveUp();
    let i = at;
    for (; i < this.lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COMMA || ch === closer) break;
      if (FLOW_INDICATORS.has(ch) || ch === HASH || ch === COLON) giveUp();
    }
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    return { node: { kind: 'scalar', start: at, end }, value: resolvePlain(text.slice(at, end)), end };
  }

  /** Past a flow entry ending at `from`: after its comma, or at the `closer` ending the collection. */
  private afterFlowEntry(from: number, closer: number): number {
    const i = this.skipSpaces(from);
    const sep = this.text.charCodeAt(i);
    if (sep === COMMA) return i + 1;
    if (sep !== closer || i >= this.lineEnd) giveUp();
    return i;
  }

  private skipSpaces(from: number): number {
    let i = from;
    while (i < this.lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** `|` or `>` (optionally `-`) and the more indented lines below it. */
  private blockScalar(at: number, owner: number): Parsed {
    const text = this.text;
    const folded = text.charCodeAt(at) === 62;
    let i = at + 1;
    const strip = text.charCodeAt(i) === DASH;
    if (strip) i++;
    while (i < this.lineEnd && text.charCodeAt(i) === SPACE) i++;
    // Keep (`+`), explicit indentation and header comments are left to the parser.
    if (i !== this.lineEnd) giveUp();
    const lines: string[] = [];
    let contentIndent = -1;
    let leadingSpaces = 0;
    let end = this.nextLineStart();
    let blankRun = 0;
    for (let start = end; start < text.length;) {
      let lineEnd = text.indexOf('\n', start);
      if (lineEnd === -1) lineEnd = text.length;
      let s = start;
      while (s < lineEnd && text.charCodeAt(s) === SPACE) s++;
      const spaces = s - start;
      if (s === lineEnd) {
        // A blank line: content only if more lines follow inside the scalar.
        if (contentIndent === -1) leadingSpaces = Math.max(leadingSpaces, spaces);
        else if (spaces > contentIndent) giveUp();
        blankRun++;
      } else {
        if (contentIndent === -1) {
          if (spaces <= owner || leadingSpaces > spaces) break;
          contentIndent = spaces;
        } else if (spaces < contentIndent) {
          break;
        }
        // More indented lines keep their breaks in folded scalars: left to the parser.
        if (folded && spaces > contentIndent) giveUp();
        for (; blankRun > 0; blankRun--) lines.push('');
        lines.push(text.slice(start + contentIndent, lineEnd));
        end = lineEnd < text.length ? lineEnd + 1 : text.length;
      }
      start = lineEnd + 1;
    }
    if (contentIndent === -1) giveUp();
    let value = folded ? fold(lines) : lines.join('\n');
    if (!strip) value += '\n';
    return { node: { kind: 'scalar', start: at, end }, value, end };
  }
}
