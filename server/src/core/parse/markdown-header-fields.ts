import type { List, ListItem, Nodes, Paragraph, RootContent } from 'mdast';
import { fieldKey } from '../text/field-key.js';
import type { Span } from '../types.js';

/**
 * Header metadata of a Markdown body: the `Key: value` bullets and lines many decision logs put
 * under the title instead of front matter (`* Status: accepted`, `- Start Date: 2014-04-30`,
 * `**Status:** Proposed`). Part of the model mapping: it reads the Markdown tree (mdast), not
 * the text, so any reader that produces the tree gets the same fields.
 */

/** A value of a header field: its text as rules read it, and where that text is. */
export interface HeaderValue {
  text: string;
  span: Span;
}

export interface HeaderField {
  /** The key as a field name (core/text/field-key.ts): `Start Date` is `start_date`. */
  name: string;
  /** The key as written, without emphasis. */
  keySpan: Span;
  /** One value, or the items of a nested list under a key with nothing after its colon. */
  value: HeaderValue | { items: HeaderValue[]; span: Span };
}

/** Where the tree's nodes are in the document. */
export interface TreeSource {
  text: string;
  spanOf: (node: Nodes) => Span;
}

const EMPHASIS = String.raw`(?:\*\*|__|\*|_)`;
/**
 * `Key:` at the start of a line, the key perhaps in emphasis (`**Status:**`, `**Status**:`):
 * a letter, then at most 40 letters, digits, spaces and `( ) # ' _ -`; a colon followed by
 * white space or the end of the line (so `https://...` is no key).
 */
const KEY = new RegExp(String.raw`^(${EMPHASIS})?(\p{L}[\p{L}\p{N} ()#'_-]{0,40}?)[ \t]*(${EMPHASIS})?[ \t]*:(${EMPHASIS})?(?=[ \t]|$)`, 'u');
/** Most words a key may have: longer runs are a sentence with a colon, not a key. */
const MAX_KEY_WORDS = 5;
/** Separates several `Key: value` pairs written on one line. */
const PAIR_SEPARATOR = /[ \t]+\|[ \t]+/g;
const COMMENT = /<!--[\s\S]*?-->/g;
const WRAPPING_EMPHASIS = /^(\*\*|__|~~|\*|_)(?=\S)([\s\S]*?\S)\1$/;

/**
 * The index of the body's title: the heading the body opens with, HTML comments before it
 * aside, when it is a `# Title` or an underlined one (`Title` over `===` or `---`); -1 when the
 * body opens with anything else (a body opening with `## Summary` has no title).
 */
export function titleIndex(nodes: readonly RootContent[], source: TreeSource): number {
  const first = nodes.findIndex((n) => n.type !== 'html');
  const node = nodes[first];
  if (node?.type !== 'heading') return -1;
  const underlined = source.text[source.spanOf(node).start] !== '#';
  return node.depth === 1 || underlined ? first : -1;
}

/**
 * The nodes a body opens with, before its first section: after the title when there is one,
 * else from the top (unless it opens with a section), up to the next heading.
 */
export function headerBlock(nodes: readonly RootContent[], source: TreeSource): RootContent[] {
  const block: RootContent[] = [];
  for (let i = titleIndex(nodes, source) + 1; i < nodes.length && nodes[i].type !== 'heading'; i++) block.push(nodes[i]);
  return block;
}

/**
 * The fields of a header block, in order, and the nodes they were read from (which are then
 * not free prose). A list item is a field when its first line is `Key: value`; a paragraph is
 * fields when every line of it is (one or more `Key: value` pairs separated by ` | `).
 */
export function readHeaderFields(block: readonly RootContent[], source: TreeSource): { fields: HeaderField[]; consumed: Set<Nodes> } {
  const fields: HeaderField[] = [];
  const consumed = new Set<Nodes>();
  for (const node of block) {
    if (node.type === 'list') {
      for (const item of node.children) {
        const field = itemField(item, source);
        if (!field) continue;
        fields.push(field);
        consumed.add(item);
      }
    } else if (node.type === 'paragraph') {
      const lines = paragraphFields(node, source);
      if (!lines) continue;
      fields.push(...lines);
      consumed.add(node);
    }
  }
  return { fields, consumed };
}

/** `- Key: value` (the value may run on over the item's next lines), or `- Key:` over a nested list. */
function itemField(item: ListItem, source: TreeSource): HeaderField | undefined {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return undefined;
  const span = source.spanOf(first);
  const key = keyAt(source.text, span.start, lineAt(source.text, span.start, span.end).end);
  if (!key) return undefined;
  const value = cleanValue(source.text, key.valueStart, span.end, key.unclosed);
  const nested = item.children.find((c): c is List => c.type === 'list');
  if (value.text === '' && nested) {
    const items = nested.children.flatMap((sub) => {
      const para = sub.children.find((c): c is Paragraph => c.type === 'paragraph');
      if (!para) return [];
      const s = source.spanOf(para);
      return [cleanValue(source.text, s.start, s.end)];
    });
    return { name: key.name, keySpan: key.span, value: { items, span: source.spanOf(nested) } };
  }
  // `- Status:` with nothing after it is the field, empty: a rule asking for a status says so there.
  return { name: key.name, keySpan: key.span, value: value.text === '' ? { text: '', span: key.span } : value };
}

/** Every line of the paragraph as `Key: value` pairs, or undefined when one line is anything else. */
function paragraphFields(para: Paragraph, source: TreeSource): HeaderField[] | undefined {
  const span = source.spanOf(para);
  const fields: HeaderField[] = [];
  for (let start = span.start; start < span.end;) {
    const { end, next } = lineAt(source.text, start, span.end);
    // A hard line break (two spaces or a backslash at the end) is not part of the value.
    const content = source.text.slice(start, end).replace(/(?: {2,}|\\)$/, '');
    const pairs = linePairs(source.text, start, start + content.length);
    if (!pairs) return undefined;
    fields.push(...pairs);
    start = next;
  }
  return fields.length > 0 ? fields : undefined;
}

/**
 * One line as `Key: value`, or as several pairs `K1: v1 | K2: v2` when every part is one. A
 * line whose value is empty (`We recommend:`) introduces what follows: it is no field.
 */
function linePairs(text: string, start: number, end: number): HeaderField[] | undefined {
  const first = keyAt(text, start, end);
  if (!first) return undefined;
  const parts: Span[] = [];
  let from = start;
  for (const m of text.slice(start, end).matchAll(PAIR_SEPARATOR)) {
    parts.push({ start: from, end: start + m.index });
    from = start + m.index + m[0].length;
  }
  parts.push({ start: from, end });
  const keys = parts.map((p) => keyAt(text, p.start, p.end));
  const pairs =
    parts.length > 1 && keys.every((k) => k !== undefined)
      ? keys.map((k, i) => ({ key: k, value: cleanValue(text, k.valueStart, parts[i].end, k.unclosed) }))
      : [{ key: first, value: cleanValue(text, first.valueStart, end, first.unclosed) }];
  if (pairs.some((p) => p.value.text === '')) return undefined;
  return pairs.map(({ key, value }) => ({ name: key.name, keySpan: key.span, value }));
}

interface Key {
  name: string;
  span: Span;
  valueStart: number;
  /** The emphasis the key opened and did not close: it closes after the value (`**Link: https://...**`). */
  unclosed?: string;
}

/** The key a line starts with: its field name, where it is written, and where its value begins. */
function keyAt(text: string, start: number, end: number): Key | undefined {
  const m = KEY.exec(text.slice(start, end));
  if (!m) return undefined;
  const [whole, open, written, closeBefore, closeAfter] = m;
  const name = fieldKey(written);
  if (name === '' || written.trim().split(/\s+/).length > MAX_KEY_WORDS) return undefined;
  const keyStart = start + (open?.length ?? 0);
  const unclosed = open && !closeBefore && !closeAfter ? open : undefined;
  return { name, span: { start: keyStart, end: keyStart + written.length }, valueStart: start + whole.length, ...(unclosed ? { unclosed } : {}) };
}

/**
 * A value as rules read it: white space around it, HTML comments (a trailing
 * `<!-- optional -->`, a fixture's `<!-- expect: ... -->`) and emphasis around the whole
 * value (`**Implemented (Swift 5.8)**`, or the close of a key's `**Key: value**`) left out;
 * everything else as written, links and inner emphasis included. The span covers exactly the
 * text kept at its ends.
 */
function cleanValue(text: string, start: number, end: number, closing?: string): HeaderValue {
  let s = start;
  let e = end;
  for (;;) {
    while (e > s && /\s/.test(text[e - 1])) e--;
    while (s < e && /\s/.test(text[s])) s++;
    const raw = text.slice(s, e);
    const open = raw.endsWith('-->') ? raw.lastIndexOf('<!--') : -1;
    const close = raw.startsWith('<!--') ? raw.indexOf('-->') : -1;
    if (open >= 0) e = s + open;
    else if (close >= 0) s += close + 3;
    else break;
  }
  if (closing && text.slice(s, e).endsWith(closing)) e -= closing.length;
  let value = text.slice(s, e);
  const wrapped = WRAPPING_EMPHASIS.exec(value);
  if (wrapped && !wrapped[2].includes(wrapped[1])) {
    s += wrapped[1].length;
    e -= wrapped[1].length;
    value = wrapped[2];
  }
  return { text: value.replace(COMMENT, '').trim(), span: { start: s, end: e } };
}

/** The line starting at `from`, cut at `limit`: where its text ends (before `\r\n` or `\n`) and where the next line starts. */
function lineAt(text: string, from: number, limit: number): { end: number; next: number } {
  const nl = text.indexOf('\n', from);
  if (nl < 0 || nl >= limit) return { end: limit, next: limit };
  return { end: nl > from && text[nl - 1] === '\r' ? nl - 1 : nl, next: nl + 1 };
}
