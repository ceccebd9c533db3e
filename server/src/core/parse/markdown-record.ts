import type { Heading, ListItem, Nodes, Paragraph, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { FACTS_ROOT, type DuplicateField, type HeadingFact, type ParsedDocument, type ProseSegment, type ReadingOptions, type SyntaxProblem } from '../model/document.js';
import { SourceMap } from '../model/source-map.js';
import { LineIndex } from '../text/line-index.js';
import type { DocumentRole, PathSegment, Span } from '../types.js';
import { findFrontMatter } from './front-matter.js';
import { LIMITS } from './limits.js';
import { readMarkdownBody } from './markdown-body.js';
import { markdownBeyond } from './nesting-guard.js';
import { scanInlineWaivers } from './inline-waivers.js';
import { headerBlock, readHeaderFields, titleIndex, type HeaderField, type TreeSource } from './markdown-header-fields.js';
import { collectComments, headingSpan, headingText, isPipeTable, readOutline } from './markdown-outline.js';
import { knownSectionFor, nearMissFor, type KnownSection, type SectionMapping } from './markdown-sections.js';
import { plainScalar } from './plain-scalar.js';
import { mapYamlTree, readYaml, topLevelKeySpan } from './yaml-tree.js';
import { fieldKey } from '../text/field-key.js';
import { firstLineSpan } from './yaml-record.js';

/** A paragraph that is a `snake_case_key: value` line rather than prose. */
const FIELD_LINE = /^[a-z_][a-z0-9_]*:\s/;

/** Reads a Markdown record: front matter, header fields and the body's known sections, onto one model. */
export function parseMarkdownRecord(file: string, text: string, role: DocumentRole, options: ReadingOptions = {}): ParsedDocument {
  const lines = new LineIndex(text);
  const fm = findFrontMatter(lines);
  const syntax: SyntaxProblem[] = [];
  let data: Record<string, unknown> = {};
  let anchor: Span | undefined;
  let map = new SourceMap(firstLineSpan(lines));
  let bodyFromLine = 0;

  if (fm.kind === 'unclosed') {
    syntax.push({ span: fm.open, message: 'front matter is never closed: add a line with --- after the YAML block' });
  } else if (fm.kind === 'block') {
    const read = readYaml(text.slice(fm.content.start, fm.content.end), fm.content.start);
    syntax.push(...read.problems);
    if (read.problems.length === 0) {
      if (read.data !== null && read.data !== undefined && (typeof read.data !== 'object' || Array.isArray(read.data))) {
        syntax.push({ span: fm.content, message: 'front matter must be a map of fields (key: value)' });
      } else {
        data = (read.data ?? {}) as Record<string, unknown>;
        anchor = topLevelKeySpan(read.tree, 'decision', fm.content.start);
        map = new SourceMap(anchor ?? fm.open);
        if (read.tree) mapYamlTree(read.tree, map, lines, fm.content.start);
      }
    }
    bodyFromLine = fm.closeLine + 1;
  }

  // Refused before parsing: past these the Markdown parser's time or stack would not be bounded.
  const excess =
    syntax.length === 0
      ? markdownBeyond(text, lines.lineStart(bodyFromLine), {
          maxDepth: LIMITS.maxDepth,
          maxWork: LIMITS.maxMarkdownWork,
          maxListWork: LIMITS.maxMarkdownListWork,
          maxBlocks: LIMITS.maxMarkdownBlocks,
        })
      : undefined;
  if (excess) {
    syntax.push({
      span: { start: excess.at, end: lines.lineEnd(lines.lineOf(excess.at)) },
      message:
        excess.what === 'depth'
          ? `lists and quotes are nested more than ${LIMITS.maxDepth} levels deep here; the limit is ${LIMITS.maxDepth} levels`
          : excess.what === 'work'
            ? 'the Markdown body is too complex to read from here on: too many emphasis or link markers in one paragraph, ' +
              'or too many lines continuing one list item or quote (limit LIMITS.maxMarkdownWork)'
            : excess.what === 'blocks'
              ? `the Markdown body is too large to read from here on: more than ${LIMITS.maxMarkdownBlocks} headings, paragraphs and list items`
              : 'the Markdown body is too large to read from here on: too many nested lists (sub-items) or quotes in a long file ' + '(limit LIMITS.maxMarkdownListWork)',
    });
  }

  const waivers = [
    ...(fm.kind === 'block' ? scanInlineWaivers(lines, fm.firstContentLine, fm.closeLine, 'yaml') : []),
    ...scanInlineWaivers(lines, bodyFromLine, lines.lineCount, 'html'),
  ];
  const doc: ParsedDocument = {
    file,
    text,
    form: 'markdown',
    lines,
    data,
    map,
    syntax,
    prose: [],
    blockquotes: [],
    comments: [],
    duplicates: [],
    inlineWaivers: waivers,
    role,
    facts: { headings: [], sections: [], file_name: '' },
  };
  if (syntax.length > 0) {
    doc.data = undefined;
    return doc;
  }

  const bodyStart = fm.kind === 'block' ? lines.lineStart(fm.closeLine + 1) : 0;
  const base = fm.kind === 'block' && fm.closeLine + 1 >= lines.lineCount ? text.length : bodyStart;
  // Only the body is read as Markdown (the front matter is read as YAML on its own); see markdown-body.ts.
  const tree = readMarkdownBody(text.slice(base));
  const spanOf = (node: Nodes): Span => ({ start: base + (node.position?.start.offset ?? 0), end: base + (node.position?.end.offset ?? 0) });
  mapBody(doc, tree.children, { text, spanOf }, options, anchor === undefined);
  return doc;
}

/**
 * The model mapping of a Markdown body (whichever reader made its tree): header fields, known
 * sections, free prose, headings and sections as facts, quotes and comments. `untitled`: the
 * document has no `decision:` key to stand for it, so its title (or its first line) does.
 */
function mapBody(doc: ParsedDocument, nodes: RootContent[], source: TreeSource, options: ReadingOptions, untitled: boolean): void {
  const data = doc.data as Record<string, unknown>;
  const header = options.headerFields === false ? { fields: [], consumed: new Set<Nodes>() } : readHeaderFields(headerBlock(nodes, source), source);
  for (const field of header.fields) setHeaderField(doc, data, field);
  const body = new BodyMapper(doc, data, source.spanOf, header.consumed);
  body.map(nodes);
  doc.facts.sections = readOutline(nodes, source, doc.map, header.consumed);
  collectBlockquotes(nodes, source.spanOf, doc.blockquotes);
  collectComments(nodes, source, doc.comments);
  const title = titleIndex(nodes, source);
  // A missing field of a document that is not a record is reported at its title, else at its first line (the root as made).
  if (untitled && title >= 0) doc.map.root = headingSpan(nodes[title] as Heading, source);
}

/**
 * A header field in the model, unless front matter (or an earlier header line) already gives it,
 * whatever the case or spelling of its key there: then it is a duplicate, as for sections.
 */
function setHeaderField(doc: ParsedDocument, data: Record<string, unknown>, field: HeaderField): void {
  const path = [field.name];
  if (Object.keys(data).some((key) => fieldKey(key) === field.name)) {
    doc.duplicates.push({ path, span: field.keySpan });
    return;
  }
  if ('items' in field.value) {
    setField(
      data,
      field.name,
      field.value.items.map((item) => item.text),
    );
    doc.map.set(path, { shape: 'block', key: field.keySpan, value: field.value.span });
    field.value.items.forEach((item, i) => doc.map.set([field.name, i], { shape: 'scalar', value: item.span }));
    return;
  }
  setField(data, field.name, field.value.text);
  doc.map.set(path, { shape: 'scalar', key: field.keySpan, value: field.value.span });
}

/** Walks the body's top-level nodes, filling mapped sections into the model and collecting free prose. */
class BodyMapper {
  private readonly prose: ProseSegment[];
  private readonly duplicates: DuplicateField[];

  constructor(
    private readonly doc: ParsedDocument,
    private readonly data: Record<string, unknown>,
    /** File offsets of a body node (the body was parsed on its own). */
    private readonly spanOf: (node: Nodes) => Span,
    /** Nodes read as header fields: not free prose. */
    private readonly fieldNodes: ReadonlySet<Nodes>,
  ) {
    this.prose = doc.prose;
    this.duplicates = doc.duplicates;
  }

  map(nodes: RootContent[]): void {
    let section: { mapping: SectionMapping; heading: Heading; nodes: RootContent[] } | undefined;
    const close = () => {
      if (section) this.fill(section.mapping, section.heading, section.nodes);
      section = undefined;
    };
    for (const node of nodes) {
      if (node.type === 'heading') {
        // Every heading ends the section it is in, a deeper one too: a sub-heading that is
        // a known section starts that section, any other starts prose (SPEC §1.7).
        close();
        const text = headingText(node);
        const known = knownSectionFor(text);
        this.recordHeading(node, text, known);
        if (known) section = { mapping: known.mapping, heading: node, nodes: [] };
        continue;
      }
      if (section) section.nodes.push(node);
      else this.collectProse(node);
    }
    close();
  }

  /** The heading's fact for rules (`$document.headings`), located at the heading. */
  private recordHeading(node: Heading, text: string, known: KnownSection | undefined): void {
    const headings = this.doc.facts.headings;
    const fact: HeadingFact = { text, level: node.depth };
    if (known) {
      fact.section = known.heading;
      fact.field = known.mapping.path.join('.');
    } else {
      const near = nearMissFor(text);
      if (near) fact.near_miss = near;
    }
    const value = headingSpan(node, { text: this.doc.text, spanOf: this.spanOf });
    this.doc.map.set([FACTS_ROOT, 'headings', headings.length], { shape: 'scalar', value });
    headings.push(fact);
  }

  private fill(mapping: SectionMapping, heading: Heading, nodes: RootContent[]): void {
    const path = mapping.path;
    const headingSpan = this.spanOf(heading);
    if (getIn(this.data, path) !== undefined) {
      this.duplicates.push({ path, span: headingSpan });
      return;
    }
    if (!canHold(this.data, path)) return;
    const map = this.doc.map;
    if (mapping.shape === 'text') {
      const paragraphs = nodes.filter((n) => n.type !== 'heading');
      const text = paragraphs
        .map((n) => toString(n, { includeHtml: false }))
        .join('\n\n')
        .trim();
      const value = paragraphs.length > 0 ? { start: this.spanOf(paragraphs[0]).start, end: this.spanOf(paragraphs[paragraphs.length - 1]).end } : headingSpan;
      setIn(this.data, path, text);
      map.set(path, { shape: 'scalar', key: headingSpan, value });
      return;
    }
    const items: ListItem[] = [];
    for (const n of nodes) if (n.type === 'list') for (const item of n.children) items.push(item);
    const value = nodes.length > 0 ? { start: this.spanOf(nodes[0]).start, end: this.spanOf(nodes[nodes.length - 1]).end } : headingSpan;
    map.set(path, { shape: 'block', key: headingSpan, value });
    setIn(
      this.data,
      path,
      items.map((item, i) => this.item(item, [...path, i], mapping.principal)),
    );
  }

  private item(item: ListItem, path: PathSegment[], principal: string | undefined): unknown {
    const map = this.doc.map;
    const span = this.spanOf(item);
    const first = item.children.find((c): c is Paragraph => c.type === 'paragraph');
    const firstText = first ? toString(first, { includeHtml: false }).trim() : '';
    if (!principal) {
      map.set(path, { shape: 'scalar', value: first ? this.spanOf(first) : span });
      return firstText;
    }
    const lines = this.doc.lines;
    map.set(path, { shape: 'item', value: span, head: { start: span.start, end: Math.min(span.end, lines.lineEnd(lines.lineOf(span.start))) } });
    const fields: Record<string, unknown> = {};
    if (first && FIELD_LINE.test(firstText)) {
      // `- ref: P-12` is a field, not the principal text: the item names its fields only.
      this.subField(item, path, fields);
    } else if (first) {
      fields[principal] = firstText;
      map.set([...path, principal], { shape: 'scalar', value: this.spanOf(first) });
    }
    for (const child of item.children) if (child.type === 'list') for (const sub of child.children) this.subField(sub, path, fields);
    return fields;
  }

  /** A nested `key: value` sub-item fills one field of its item; its value is read as YAML. */
  private subField(sub: ListItem, itemPath: PathSegment[], fields: Record<string, unknown>): void {
    const para = sub.children.find((c): c is Paragraph => c.type === 'paragraph');
    if (!para) return;
    const span = this.spanOf(para);
    const source = this.doc.text.slice(span.start, span.end);
    const raw = source.includes('<!--') ? source.replace(/\s*<!--[\s\S]*?-->\s*$/, '') : source;
    const m = /^([A-Za-z_][\w -]*?)\s*:(\s*)([\s\S]*)$/.exec(raw);
    if (!m) return;
    const name = m[1]
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const keySpan = { start: span.start, end: span.start + m[1].length };
    const valueStart = span.start + m[1].length + raw.slice(m[1].length).indexOf(':') + 1 + m[2].length;
    const valueText = m[3].trimEnd();
    const valueSpan = { start: valueStart, end: valueStart + valueText.length };
    const path = [...itemPath, name];
    const plain = plainScalar(valueText);
    if (plain) {
      setField(fields, name, plain.value ?? '');
      this.doc.map.set(path, { shape: 'scalar', key: keySpan, value: valueText === '' ? keySpan : valueSpan });
      return;
    }
    const read = readYaml(valueText, valueStart);
    if (read.problems.length === 0) {
      setField(fields, name, read.data ?? '');
      if (read.tree) mapYamlTree(read.tree, this.doc.map, this.doc.lines, valueStart, path, keySpan);
      if (read.data === null || read.data === undefined || typeof read.data !== 'object') {
        this.doc.map.set(path, { shape: 'scalar', key: keySpan, value: valueText === '' ? keySpan : valueSpan });
      }
    } else {
      setField(fields, name, valueText);
      this.doc.map.set(path, { shape: 'scalar', key: keySpan, value: valueSpan });
    }
  }

  private collectProse(node: RootContent): void {
    if (this.fieldNodes.has(node)) return;
    if (node.type === 'paragraph') {
      const span = this.spanOf(node);
      const text = this.doc.text.slice(span.start, span.end);
      if (!isPipeTable(text)) this.prose.push({ text, span });
      return;
    }
    if ('children' in node) for (const child of node.children) this.collectProse(child);
  }
}

/** The outermost blockquotes anywhere in the body (list items and sections included). */
function collectBlockquotes(nodes: readonly Nodes[], spanOf: (node: Nodes) => Span, out: Span[]): void {
  for (const node of nodes) {
    if (node.type === 'blockquote') out.push(spanOf(node));
    else if ('children' in node) collectBlockquotes(node.children, spanOf, out);
  }
}

/** Sets a field as an own property whatever its name: `__proto__` is data here, as YAML reads it. */
function setField(fields: Record<string, unknown>, name: string, value: unknown): void {
  // Only `__proto__` is not an own property when assigned (defining is the slower way in).
  if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
  else fields[name] = value;
}

function getIn(data: unknown, path: PathSegment[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

/** True when every ancestor on `path` is absent or a map, so the field can be set. */
function canHold(data: Record<string, unknown>, path: PathSegment[]): boolean {
  let cur: unknown = data;
  for (const seg of path.slice(0, -1)) {
    const next = (cur as Record<string, unknown>)[seg as string];
    if (next === undefined) return true;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return false;
    cur = next;
  }
  return true;
}

function setIn(data: Record<string, unknown>, path: PathSegment[], value: unknown): void {
  let cur = data;
  for (const seg of path.slice(0, -1)) {
    if (cur[seg as string] === undefined) cur[seg as string] = {};
    cur = cur[seg as string] as Record<string, unknown>;
  }
  cur[path[path.length - 1] as string] = value;
}
