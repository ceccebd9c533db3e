import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { isMap, readDocument, textOf, type ParsedDocument, type PathSegment } from '../../core/index.js';
import { spanToRange } from '../convert.js';
import type { FeatureContext } from './context.js';

const NAME_FIELDS = ['id', 'promise', 'function', 'barrier', 'name', 'action', 'item', 'concern', 'summary', 'description', 'source', 'rule', 'ref'];

/** The record's outline: its fields, with list items named by their main field. */
export function documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  const doc = ctx.workspace.current.session.document(ctx.file) ?? readDocument(ctx.file, ctx.document.getText());
  if (doc.syntax.length > 0 || !isMap(doc.data)) return [];
  return children(doc, doc.data, [], 0);
}

function children(doc: ParsedDocument, value: unknown, path: PathSegment[], depth: number): DocumentSymbol[] {
  if (depth > 3) return [];
  const entries: Array<[PathSegment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : isMap(value) ? Object.entries(value) : [];
  const out: DocumentSymbol[] = [];
  for (const [key, child] of entries) {
    const at = [...path, key];
    const loc = doc.map.get(at);
    if (!loc) continue;
    const whole = { start: Math.min(loc.key?.start ?? loc.value.start, loc.value.start), end: Math.max(loc.key?.end ?? 0, loc.value.end) };
    const select = loc.key ?? loc.head ?? loc.value;
    out.push({
      name: typeof key === 'number' ? itemName(child, key) : key,
      detail: typeof child === 'string' || typeof child === 'number' || typeof child === 'boolean' ? textOf(child).slice(0, 60) : undefined,
      kind: Array.isArray(child) ? SymbolKind.Array : isMap(child) ? (typeof key === 'number' ? SymbolKind.Object : SymbolKind.Namespace) : SymbolKind.Field,
      range: spanToRange(doc.lines, whole),
      selectionRange: spanToRange(doc.lines, { start: select.start, end: Math.min(select.end, whole.end) }),
      children: children(doc, child, at, depth + 1),
    });
  }
  return out;
}

function itemName(item: unknown, index: number): string {
  if (typeof item === 'string') return item;
  if (isMap(item)) {
    const field = NAME_FIELDS.find((f) => typeof item[f] === 'string' && item[f].trim() !== '');
    if (field) return textOf(item[field]).slice(0, 60);
  }
  return `[${index}]`;
}
