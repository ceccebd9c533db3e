import type { Heading, Nodes, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { FACTS_ROOT, type SectionFact } from '../model/document.js';
import type { SourceMap } from '../model/source-map.js';
import type { Span } from '../types.js';
import type { TreeSource } from './markdown-header-fields.js';

/**
 * The outline of a Markdown body as rules read it under `$document.sections`: one section per
 * heading, holding the prose up to the next heading. Part of the model mapping (it reads the
 * Markdown tree, not the text).
 */

/** A heading's text as a reader sees it: its words, without markup or HTML. */
export function headingText(heading: Heading): string {
  return toString(heading, { includeHtml: false }).trim();
}

/** A heading's span without a trailing comment (`## Decision <!-- expect: ... -->`): the heading as a reader sees it. */
export function headingSpan(heading: Heading, source: TreeSource): Span {
  const span = source.spanOf(heading);
  const last = [...heading.children].reverse().find((c) => c.type !== 'html');
  const end = last ? source.spanOf(last).end : span.end;
  return { start: span.start, end: span.start + source.text.slice(span.start, end).trimEnd().length };
}

/**
 * The sections of a body's top-level nodes, with their places in `map` under
 * `$document.sections[i]` (the heading, and the section's extent up to the next heading;
 * `heading`; `text`, from its first paragraph to its last, the heading when it has none; each
 * of `paragraphs`). `skip`: nodes that are not prose (header fields).
 */
export function readOutline(nodes: readonly RootContent[], source: TreeSource, map: SourceMap, skip: ReadonlySet<Nodes>): SectionFact[] {
  const sections: SectionFact[] = [];
  let current: { fact: SectionFact; heading: Span; end: number; spans: Span[]; at: number } | undefined;
  const close = () => {
    if (!current) return;
    const { fact, heading, end, spans, at } = current;
    const base = [FACTS_ROOT, 'sections', at];
    map.set(base, { shape: 'block', key: heading, value: { start: heading.start, end } });
    map.set([...base, 'heading'], { shape: 'scalar', value: heading });
    map.set([...base, 'text'], { shape: 'scalar', value: spans.length > 0 ? { start: spans[0].start, end: spans[spans.length - 1].end } : heading });
    spans.forEach((span, k) => map.set([...base, 'paragraphs', k], { shape: 'scalar', value: span }));
    fact.text = fact.paragraphs.join('\n\n');
    current = undefined;
  };
  for (const node of nodes) {
    if (node.type === 'heading') {
      close();
      const fact: SectionFact = { heading: headingText(node), level: node.depth, text: '', paragraphs: [] };
      current = { fact, heading: headingSpan(node, source), end: source.spanOf(node).end, spans: [], at: sections.length };
      sections.push(fact);
    } else if (current) {
      collectParagraphs(node, source, skip, current.fact.paragraphs, current.spans);
      current.end = source.spanOf(node).end;
    }
  }
  close();
  return sections;
}

/** The delimiter row under a pipe table's header: `|---|:--:|`. */
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\r?$/;

/**
 * A pipe table, which the Markdown reader (CommonMark, no table extension) hands over as a
 * paragraph: a header row with `|` over a delimiter row. A table is data, not prose.
 */
export function isPipeTable(text: string): boolean {
  const lines = text.split('\n', 3);
  return lines.length >= 2 && lines[0].includes('|') && lines[1].includes('-') && TABLE_DELIMITER.test(lines[1]);
}

/** Paragraphs anywhere in a node (lists and quotes included; tables, code and HTML are not prose). */
function collectParagraphs(node: Nodes, source: TreeSource, skip: ReadonlySet<Nodes>, texts: string[], spans: Span[]): void {
  if (skip.has(node)) return;
  if (node.type === 'paragraph') {
    const span = source.spanOf(node);
    if (isPipeTable(source.text.slice(span.start, span.end))) return;
    const text = toString(node, { includeHtml: false }).trim();
    if (text === '') return;
    texts.push(text);
    spans.push(span);
    return;
  }
  if (node.type === 'table' || node.type === 'code' || node.type === 'html') return;
  if ('children' in node) for (const child of node.children) collectParagraphs(child, source, skip, texts, spans);
}

/** HTML comments that stand as blocks of their own, anywhere in the body (inline ones are part of their paragraph). */
export function collectComments(nodes: readonly Nodes[], source: TreeSource, out: Span[]): void {
  for (const node of nodes) {
    if (node.type === 'html') {
      if (node.value.trimStart().startsWith('<!--')) out.push(source.spanOf(node));
    } else if (node.type !== 'paragraph' && node.type !== 'heading' && 'children' in node) {
      collectComments(node.children, source, out);
    }
  }
}
