import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { FACTS_ROOT, isMap, knownSections, readDocument, textOf, type ParsedDocument, type PathSegment, type Span } from '../../core/index.js';
import { spanToRange } from '../convert.js';
import type { FeatureContext } from './context.js';

/** What names a list item, in order of preference, when its section has no principal field. */
const NAME_FIELDS = ['id', 'promise', 'function', 'barrier', 'name', 'action', 'item', 'concern', 'summary', 'description', 'source', 'rule', 'ref'];
const LABEL_LENGTH = 60;

interface OutlineSection {
  heading: string;
  path: PathSegment[];
  principal?: string;
}

/** The sections of a record, in a record's order, named as Markdown headings name them; then the kind-specific lists and waivers. */
const SECTIONS: readonly OutlineSection[] = [
  ...knownSections().map((s) => ({ heading: s.heading, path: s.mapping.path, principal: s.mapping.principal })),
  { heading: 'Targets', path: ['targets'], principal: 'name' },
  { heading: 'Incentives', path: ['incentives'] },
  { heading: 'Waivers', path: ['waivers'], principal: 'rule' },
];

/**
 * The outline (SPEC §5 v2): for a record in either form, the record, its sections and their
 * items named by their principal field — the same tree for YAML and Markdown, not every
 * scalar. Other files (registries, config, rule files) list their fields.
 */
export function documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  const doc = ctx.workspace.current.session.document(ctx.file) ?? readDocument(ctx.file, ctx.document.getText());
  if (doc.syntax.length > 0 || !isMap(doc.data)) return [];
  if (typeof doc.data.decision === 'string') return [recordSymbol(doc, doc.data)];
  return fields(doc, doc.data, [], 0);
}

function recordSymbol(doc: ParsedDocument, data: Record<string, unknown>): DocumentSymbol {
  const title = textOf(data.title);
  const id = textOf(data.id);
  const whole = { start: 0, end: doc.text.length };
  const titleAt = doc.map.get(['title'])?.value ?? doc.map.get([FACTS_ROOT, 'headings', 0])?.value ?? { start: 0, end: doc.lines.lineEnd(0) };
  const sections: DocumentSymbol[] = [];
  for (const section of SECTIONS) {
    const loc = doc.map.get(section.path);
    if (!loc) continue;
    const value: unknown = section.path.reduce<unknown>((v, k) => (isMap(v) ? v[k as string] : undefined), data);
    const range = { start: Math.min(loc.key?.start ?? loc.value.start, loc.value.start), end: Math.max(loc.key?.end ?? 0, loc.value.end) };
    sections.push({
      name: section.heading,
      kind: Array.isArray(value) ? SymbolKind.Array : SymbolKind.String,
      range: spanToRange(doc.lines, range),
      selectionRange: spanToRange(doc.lines, loc.key ?? loc.value),
      children: Array.isArray(value) ? items(doc, section, value, range) : [],
    });
  }
  return {
    name: title || id || 'Decision record',
    detail: [id && title ? id : '', textOf(data.decision)].filter(Boolean).join(' · '),
    kind: SymbolKind.File,
    range: spanToRange(doc.lines, whole),
    selectionRange: spanToRange(doc.lines, titleAt),
    children: sections,
  };
}

function items(doc: ParsedDocument, section: OutlineSection, list: unknown[], within: Span): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  list.forEach((item, i) => {
    const loc = doc.map.get([...section.path, i]);
    if (!loc) return;
    const field = isMap(item)
      ? section.principal && isPresentText(item[section.principal])
        ? section.principal
        : NAME_FIELDS.find((f) => isPresentText(item[f]))
      : undefined;
    const name = short(field ? textOf((item as Record<string, unknown>)[field]) : typeof item === 'object' ? '' : textOf(item)) || `Item ${i + 1}`;
    const range = clamp(loc.value, within);
    const named = field ? doc.map.get([...section.path, i, field])?.value : undefined;
    const select = named ? clamp(named, range) : range;
    const detail = isMap(item) ? secondary(item, field) : undefined;
    out.push({
      name,
      ...(detail && detail !== name ? { detail } : {}),
      kind: SymbolKind.Object,
      range: spanToRange(doc.lines, range),
      selectionRange: spanToRange(doc.lines, select),
    });
  });
  return out;
}

/** A second field worth seeing beside an item's name (who owns it, where evidence comes from). */
function secondary(item: Record<string, unknown>, named: string | undefined): string | undefined {
  for (const f of ['owner', 'source', 'ref', 'kind', 'status']) if (f !== named && isPresentText(item[f])) return short(textOf(item[f]));
  return undefined;
}

/** Fields of a file that is not a record (a registry, the config, a rule file), with list items by their main field. */
function fields(doc: ParsedDocument, value: unknown, path: PathSegment[], depth: number): DocumentSymbol[] {
  if (depth > 3) return [];
  const entries: Array<[PathSegment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : isMap(value) ? Object.entries(value) : [];
  const out: DocumentSymbol[] = [];
  for (const [key, child] of entries) {
    const at = [...path, key];
    const loc = doc.map.get(at);
    if (!loc) continue;
    const whole = { start: Math.min(loc.key?.start ?? loc.value.start, loc.value.start), end: Math.max(loc.key?.end ?? 0, loc.value.end) };
    const select = loc.key ?? loc.head ?? loc.value;
    const name = typeof key === 'number' ? itemName(child, key) : key;
    const scalar = typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean' ? short(textOf(child)) : undefined;
    out.push({
      name,
      ...(scalar && scalar !== name ? { detail: scalar } : {}),
      kind: Array.isArray(child) ? SymbolKind.Array : isMap(child) ? (typeof key === 'number' ? SymbolKind.Object : SymbolKind.Namespace) : SymbolKind.Field,
      range: spanToRange(doc.lines, whole),
      selectionRange: spanToRange(doc.lines, { start: select.start, end: Math.min(select.end, whole.end) }),
      children: fields(doc, child, at, depth + 1),
    });
  }
  return out;
}

function itemName(item: unknown, index: number): string {
  if (typeof item === 'string') return short(item);
  if (isMap(item)) {
    const field = NAME_FIELDS.find((f) => isPresentText(item[f]));
    if (field) return short(textOf(item[field]));
  }
  return `[${index}]`;
}

function isPresentText(v: unknown): boolean {
  return (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';
}

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > LABEL_LENGTH ? `${one.slice(0, LABEL_LENGTH - 1)}…` : one;
}

function clamp(span: Span, within: Span): Span {
  const start = Math.max(span.start, within.start);
  return { start, end: Math.max(start, Math.min(span.end, within.end)) };
}
