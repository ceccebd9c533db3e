import path from 'node:path';
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver';
import { findFrontMatter, isMap, KINDS, knownSections, readDocument, sectionFor, textOf, type PathSegment } from '../../core/index.js';
import type { FeatureContext } from './context.js';
import { isPersonPath, isPromiseRefPath } from './locate.js';
import { rankPeople, rolesWanted } from './people-ranking.js';
import { isRecordRefPath, workspaceRecords } from './records.js';
import { schemaAt, schemaNameFor } from './schema-help.js';
import { isRuleFile } from './rule-lens.js';

const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)?$/;
const VALUE_LINE = /^(\s*)(-\s+)?([A-Za-z_][\w-]*):\s*(?:\[\s*)?([^\]]*)$/;
/** A block list item being typed as a value (`- Priya Sh`): no key, possibly several words. */
const ITEM_LINE = /^(\s*)(-\s+)([^:#[\]{}]*)$/;

/** Where the cursor is in YAML: the path of the map it types into, and the key whose value it types. */
interface YamlSpot {
  parent: PathSegment[];
  key?: string;
  /** A block list item (`- ...`): a value of the list, or the first key of a map item. */
  item: boolean;
  /** The value typed so far: after `key: `, after `[` or the last `,` of a flow list, or after `- `. */
  typed: string;
  /** The column keys of the map being typed into start at. */
  keyColumn: number;
}

/** Reads the structure above the cursor from indentation, so completion works on half-typed documents. */
function yamlSpot(lines: string[], line: number, before: string, firstLine: number): YamlSpot | undefined {
  const value = VALUE_LINE.exec(before);
  const key = value ? undefined : KEY_LINE.exec(before);
  const item = value || key ? undefined : ITEM_LINE.exec(before);
  const m = value ?? key ?? item;
  if (!m) return undefined;
  const dash = m[2] !== undefined;
  let want = m[1].length;
  const chain: PathSegment[] = dash ? ['*'] : [];
  for (let l = line - 1; l >= firstLine && want > 0; l--) {
    const t = lines[l];
    if (t.trim() === '' || t.trim().startsWith('#')) continue;
    const p = /^(\s*)(-\s+)?(?:([A-Za-z_][\w-]*):(.*))?/.exec(t)!;
    const dashCol = p[2] ? p[1].length : -1;
    const keyCol = p[1].length + (p[2]?.length ?? 0);
    if (p[2] && dashCol < want) {
      chain.unshift('*');
      want = dashCol;
    } else if (p[3] && keyCol < want && p[4].trim() === '') {
      chain.unshift(p[3]);
      want = keyCol;
    }
  }
  const typed = value ? (m[4].split(',').pop() ?? '').trimStart() : item ? m[3] : (m[3] ?? '');
  return { parent: chain, key: value ? m[3] : undefined, item: dash && !value, typed, keyColumn: m[1].length + (m[2]?.length ?? 0) };
}

/**
 * Completion where people type (SPEC §5 v2): keys not yet present, enum values, people ranked
 * by the role the field needs, promises by id or by words of their text — after `key: `, in
 * flow lists (`[a, b]`) and in block lists (`- `, the form skeletons insert) alike, and in a
 * Markdown body's sections.
 */
export function completion(ctx: FeatureContext, position: Position): CompletionItem[] | CompletionList {
  const text = ctx.document.getText();
  const doc = ctx.workspace.current.session.document(ctx.file) ?? readDocument(ctx.file, text);
  const lines = text.split(/\r?\n/);
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const role = ctx.workspace.role(ctx.file);
  const fm = doc.form === 'markdown' ? findFrontMatter(doc.lines) : undefined;
  const inBody = fm !== undefined && (fm.kind !== 'block' || position.line > fm.closeLine);

  if (inBody) return markdownBody(ctx, lines, position, before);
  const first = fm?.kind === 'block' ? fm.firstContentLine : 0;
  const last = fm?.kind === 'block' ? fm.closeLine - 1 : lines.length - 1;
  const spot = yamlSpot(lines, position.line, before, first);
  if (!spot) return [];
  // Fixtures live under rule folders too, but they are records: only rule files get the rule schema.
  const schemaName = schemaNameFor(doc, role === 'rule' && isRuleFile(ctx.workspace, ctx.file));
  if (!schemaName) return [];
  const typedRange = rangeBefore(position, spot.typed.length);
  if (spot.key) return values(ctx, schemaName, [...spot.parent, spot.key], spot.typed, typedRange);
  const present = presentKeys(lines, position.line, spot.keyColumn, first, last, spot.item);
  const fieldKeys = keys(ctx, schemaName, spot.parent, present);
  if (!spot.item) return fieldKeys;
  // `- ` in a list: the list's values (people, promise ids, enum members), and the keys of a map item.
  const listValues = values(ctx, schemaName, spot.parent.slice(0, -1).concat('*'), spot.typed, typedRange);
  return merge(listValues, fieldKeys);
}

function merge(a: CompletionItem[] | CompletionList, b: CompletionItem[]): CompletionItem[] | CompletionList {
  if (Array.isArray(a)) return [...a, ...b];
  return { isIncomplete: a.isIncomplete, items: [...a.items, ...b] };
}

function rangeBefore(position: Position, length: number): Range {
  return { start: { line: position.line, character: Math.max(0, position.character - length) }, end: position };
}

function keys(ctx: FeatureContext, schemaName: string, parent: PathSegment[], present: Set<string>): CompletionItem[] {
  const { project } = ctx.workspace.current;
  if (
    schemaName === 'config.schema.json' &&
    (parent[0] === 'rules' || (parent[0] === 'overrides' && parent[2] === 'rules')) &&
    parent.length === (parent[0] === 'rules' ? 1 : 3)
  ) {
    return [...project.rulesFor(ctx.file).catalog.values()]
      .filter((r) => !present.has(r.id))
      .map((r) => ({
        label: r.id,
        kind: CompletionItemKind.Property,
        detail: `${r.severity} · ${r.principle}`,
        documentation: r.title,
        insertText: `${r.id}: `,
      }));
  }
  const node = schemaAt(project, schemaName, parent);
  const props = (node?.properties ?? {}) as Record<string, { description?: string }>;
  return Object.entries(props)
    .filter(([name]) => !present.has(name))
    .map(([name, p]) => ({
      label: name,
      kind: CompletionItemKind.Property,
      documentation: p.description ? { kind: 'markdown', value: p.description } : undefined,
      insertText: `${name}: `,
    }));
}

/**
 * The keys already written in the map the cursor types into: lines at the same key column,
 * up to where the map (or, for a list item, the item) begins and ends.
 */
function presentKeys(lines: string[], line: number, keyColumn: number, first: number, last: number, startsItem: boolean): Set<string> {
  const present = new Set<string>();
  const read = (l: number): 'stop' | 'next' => {
    const t = lines[l];
    if (t.trim() === '' || t.trim().startsWith('#')) return 'next';
    const indent = /^\s*/.exec(t)![0].length;
    const dash = /^(\s*)-\s+/.exec(t);
    const column = dash ? dash[0].length : indent;
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(t.slice(column))?.[1];
    if (dash && indent < keyColumn) {
      // A list item's first line: this item's, going up (then stop), the next item's, going down.
      if (l < line && column === keyColumn && key) present.add(key);
      return 'stop';
    }
    if (indent < keyColumn) return 'stop';
    if (indent === keyColumn && key) present.add(key);
    return 'next';
  };
  if (!startsItem) for (let l = line - 1; l >= first && read(l) === 'next'; l--);
  for (let l = line + 1; l <= last && read(l) === 'next'; l++);
  return present;
}

function values(ctx: FeatureContext, schemaName: string, at: PathSegment[], typed: string, range: Range): CompletionItem[] | CompletionList {
  const { project } = ctx.workspace.current;
  const registries = project.registries(project.configFor(ctx.file));
  const path = at.map((s) => (s === '*' ? 0 : s));
  const listOf = at[at.length - 1] === '*' ? at[at.length - 2] : at[at.length - 1];
  if (schemaName.startsWith('record.') || schemaName === 'promises.schema.json') {
    if (isPromiseRefPath(path)) return promises(registries.promises, typed, range);
    if (isPersonPath(path) || listOf === 'advocates' || listOf === 'approvers') {
      return rankPeople(registries.people, rolesWanted(project, ctx.file, String(listOf)), range);
    }
    if (isRecordRefPath(path) || (path.length === 1 && (path[0] === 'supersedes' || path[0] === 'depends_on'))) return records(ctx);
  }
  if (schemaName === 'config.schema.json' && (at[0] === 'rules' || at[0] === 'overrides')) {
    return ['off', 'info', 'warning', 'error'].map((s) => ({ label: s, kind: CompletionItemKind.EnumMember }));
  }
  if (schemaName === 'config.schema.json' && at[0] === 'extends') {
    return ['recommended', 'strict'].map((s) => ({ label: s, kind: CompletionItemKind.EnumMember }));
  }
  if (at.length === 1 && at[0] === 'decision') return KINDS.map((k) => ({ label: k, kind: CompletionItemKind.EnumMember }));
  const node = schemaAt(project, schemaName, at);
  const options = Array.isArray(node?.enum) ? node.enum : Array.isArray((node?.items as { enum?: unknown[] })?.enum) ? (node!.items as { enum: unknown[] }).enum : [];
  return options.filter((v) => v !== null).map((v) => ({ label: String(v), kind: CompletionItemKind.EnumMember }));
}

/** The other records of the workspace, by id, for fields that name records. */
function records(ctx: FeatureContext): CompletionItem[] {
  const root = ctx.workspace.current.project.configFor(ctx.file).root;
  return workspaceRecords(ctx.workspace.current.session)
    .filter((r) => r.file !== ctx.file)
    .map((r) => ({ label: r.id, kind: CompletionItemKind.Reference, detail: path.relative(root, r.file) || r.file }));
}

type PromiseIndex = ReturnType<FeatureContext['workspace']['current']['project']['registries']>['promises'];

/**
 * Promise ids, found by their id or by words of their text ("refund" finds P-03 "Refunds
 * within two days"). The list is filtered here and asked for again as the text grows, since
 * an editor's own filter compares what is typed with the start of the label.
 */
function promises(index: PromiseIndex, typed: string, range: Range): CompletionList {
  const words = typed
    .toLowerCase()
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(Boolean);
  const items: CompletionItem[] = [];
  for (const id of index?.ids() ?? []) {
    const text = textOf(index?.find(id)?.entry.promise);
    const haystack = `${id} ${text}`.toLowerCase();
    if (!words.every((w) => haystack.includes(w))) continue;
    items.push({
      label: id,
      kind: CompletionItemKind.Reference,
      detail: text,
      // Matched here on id and words; what is typed is kept as the filter so the editor keeps the item.
      filterText: `${typed} ${id} ${text}`,
      textEdit: { range, newText: id },
    });
  }
  return { isIncomplete: true, items };
}

/** In a Markdown body: section headings after `#`; people in the Advocates section; `key: value` sub-items of mapped sections. */
function markdownBody(ctx: FeatureContext, lines: string[], position: Position, before: string): CompletionItem[] | CompletionList {
  const line = position.line;
  if (/^#{1,6}\s*\w*$/.test(before)) {
    return knownSections().map((s) => ({ label: s.heading, kind: CompletionItemKind.Module, detail: `maps to ${s.mapping.path.join('.')}` }));
  }
  let section;
  for (let l = line - 1; l >= 0; l--) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[l]);
    if (h) {
      section = sectionFor(h[1]);
      break;
    }
  }
  if (!section || section.shape !== 'list') return [];
  const doc = readDocument(ctx.file, ctx.document.getText());
  const kind = isMap(doc.data) ? doc.data.decision : undefined;
  const schemaName = typeof kind === 'string' ? `record.${kind}.schema.json` : 'record.launch-plan.schema.json';
  const item = [...section.path, '*'];
  const top = /^-\s+([^:]*)$/.exec(before);
  // A list of plain values (the Advocates section): the item is the value.
  if (top && !section.principal) return values(ctx, schemaName, item, top[1], rangeBefore(position, top[1].length));
  if (!/^\s{2,}-\s/.test(before)) return [];
  const value = /^\s+-\s+([A-Za-z_][\w-]*):\s*(.*)$/.exec(before);
  if (value) return values(ctx, schemaName, [...item, value[1]], value[2], rangeBefore(position, value[2].length));
  return keys(ctx, schemaName, item, presentSubItems(lines, line));
}

/** The `key:` sub-items already written under the body list item the cursor is in. */
function presentSubItems(lines: string[], line: number): Set<string> {
  const present = new Set<string>();
  const read = (l: number) => /^\s{2,}-\s+([A-Za-z_][\w-]*)\s*:/.exec(lines[l])?.[1];
  for (let l = line - 1; l >= 0 && !/^\S/.test(lines[l]); l--) {
    const key = read(l);
    if (key) present.add(key);
  }
  for (let l = line + 1; l < lines.length && !/^\S/.test(lines[l]) && lines[l].trim() !== ''; l++) {
    const key = read(l);
    if (key) present.add(key);
  }
  return present;
}
