import path from 'node:path';
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { findFrontMatter, isMap, KINDS, knownSections, readDocument, sectionFor, textOf, type PathSegment } from '../../core/index.js';
import type { FeatureContext } from './context.js';
import { isPersonPath, isPromiseRefPath } from './locate.js';
import { isRecordRefPath, workspaceRecords } from './records.js';
import { schemaAt, schemaNameFor } from './schema-help.js';
import { isRuleFile } from './rule-lens.js';

const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)?$/;
const VALUE_LINE = /^(\s*)(-\s+)?([A-Za-z_][\w-]*):\s*(?:\[\s*)?([^\]]*)$/;

/** Where the cursor is in YAML: the path of the map it types into, and the key whose value it types. */
interface YamlSpot {
  parent: PathSegment[];
  key?: string;
}

/** Reads the structure above the cursor from indentation, so completion works on half-typed documents. */
function yamlSpot(lines: string[], line: number, before: string, firstLine: number): YamlSpot | undefined {
  const value = VALUE_LINE.exec(before);
  const key = value ? undefined : KEY_LINE.exec(before);
  const m = value ?? key;
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
  return { parent: chain, key: value ? m[3] : undefined };
}

export function completion(ctx: FeatureContext, position: Position): CompletionItem[] {
  const text = ctx.document.getText();
  const doc = ctx.workspace.current.session.document(ctx.file) ?? readDocument(ctx.file, text);
  const lines = text.split(/\r?\n/);
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const role = ctx.workspace.role(ctx.file);
  const fm = doc.form === 'markdown' ? findFrontMatter(doc.lines) : undefined;
  const inBody = fm !== undefined && (fm.kind !== 'block' || position.line > fm.closeLine);

  if (inBody) return markdownBody(ctx, lines, position.line, before);
  const first = fm?.kind === 'block' ? fm.firstContentLine : 0;
  const spot = yamlSpot(lines, position.line, before, first);
  if (!spot) return [];
  // Fixtures live under rule folders too, but they are records: only rule files get the rule schema.
  const schemaName = schemaNameFor(doc, role === 'rule' && isRuleFile(ctx.workspace, ctx.file));
  if (!schemaName) return [];
  if (spot.key) return values(ctx, schemaName, [...spot.parent, spot.key]);
  // An item of a block list of scalars (`- ` under `supersedes:` or `approvers:`) takes a value, not a key.
  if (spot.parent[spot.parent.length - 1] === '*' && !schemaAt(ctx.workspace.current.project, schemaName, spot.parent)?.properties) {
    const items = values(ctx, schemaName, spot.parent);
    if (items.length > 0) return items;
  }
  return keys(ctx, schemaName, spot.parent);
}

function keys(ctx: FeatureContext, schemaName: string, parent: PathSegment[]): CompletionItem[] {
  const { project } = ctx.workspace.current;
  if (
    schemaName === 'config.schema.json' &&
    (parent[0] === 'rules' || (parent[0] === 'overrides' && parent[2] === 'rules')) &&
    parent.length === (parent[0] === 'rules' ? 1 : 3)
  ) {
    return [...project.rulesFor(ctx.file).catalog.values()].map((r) => ({
      label: r.id,
      kind: CompletionItemKind.Property,
      detail: `${r.severity} · ${r.principle}`,
      documentation: r.title,
      insertText: `${r.id}: `,
    }));
  }
  const node = schemaAt(project, schemaName, parent);
  const props = (node?.properties ?? {}) as Record<string, { description?: string }>;
  return Object.entries(props).map(([name, p]) => ({
    label: name,
    kind: CompletionItemKind.Property,
    documentation: p.description ? { kind: 'markdown', value: p.description } : undefined,
    insertText: `${name}: `,
  }));
}

function values(ctx: FeatureContext, schemaName: string, at: PathSegment[]): CompletionItem[] {
  const { project } = ctx.workspace.current;
  const registries = project.registries(project.configFor(ctx.file));
  const path = at.map((s) => (s === '*' ? 0 : s));
  if (schemaName.startsWith('record.') || schemaName === 'promises.schema.json') {
    if (isPromiseRefPath(path)) {
      return (registries.promises?.ids() ?? []).map((id) => ({
        label: id,
        kind: CompletionItemKind.Reference,
        detail: textOf(registries.promises?.find(id)?.entry.promise),
      }));
    }
    const last = at[at.length - 1];
    if (isPersonPath(path) || last === 'advocates' || last === 'approvers') {
      return people(registries);
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
  return options.map((v) => ({ label: String(v), kind: CompletionItemKind.EnumMember }));
}

/** The other records of the workspace, by id, for fields that name records. */
function records(ctx: FeatureContext): CompletionItem[] {
  const root = ctx.workspace.current.project.configFor(ctx.file).root;
  return workspaceRecords(ctx.workspace.current.session)
    .filter((r) => r.file !== ctx.file)
    .map((r) => ({ label: r.id, kind: CompletionItemKind.Reference, detail: path.relative(root, r.file) || r.file }));
}

function people(registries: ReturnType<FeatureContext['workspace']['current']['project']['registries']>): CompletionItem[] {
  const index = registries.people;
  if (!index) return [];
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const key of index.keys()) {
    const person = index.find(key)!;
    const label = person.name ?? person.id!;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ label, kind: CompletionItemKind.Value, detail: [person.function, person.roles.join(', ')].filter(Boolean).join(' · ') });
  }
  return out;
}

/** In a Markdown body: section headings after `#`, and `key: value` sub-items of mapped sections. */
function markdownBody(ctx: FeatureContext, lines: string[], line: number, before: string): CompletionItem[] {
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
  if (!section || section.shape !== 'list' || !/^\s{2,}-\s/.test(before)) return [];
  const doc = readDocument(ctx.file, ctx.document.getText());
  const kind = isMap(doc.data) ? doc.data.decision : undefined;
  const schemaName = typeof kind === 'string' ? `record.${kind}.schema.json` : 'record.launch-plan.schema.json';
  const item = [...section.path, '*'];
  const value = /^\s+-\s+([A-Za-z_][\w-]*):\s*(\S*)$/.exec(before);
  return value ? values(ctx, schemaName, [...item, value[1]]) : keys(ctx, schemaName, item);
}
