import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { addToDate, findFrontMatter, isMap, isWaivable, knownSections, textOf, type ParsedDocument, type PathSegment, type RuleCatalog } from '../../core/index.js';
import { SOURCE } from '../convert.js';
import type { FeatureContext } from './context.js';
import { markdownSection, yamlLines, type SkeletonContext } from './skeletons.js';

/** Quick fixes for Standpoint diagnostics, and "fix all" for the document. */
export function codeActions(ctx: FeatureContext, params: CodeActionParams): CodeAction[] {
  const doc = ctx.workspace.current.session.document(ctx.file);
  if (!doc || doc.syntax.length > 0) return [];
  const skeleton: SkeletonContext = { today: ctx.workspace.today, owner: isMap(doc.data) ? textOf(doc.data.owner) || undefined : undefined };
  const only = params.context.only;
  const wantsFixAll = only?.some((k) => k.startsWith(CodeActionKind.SourceFixAll) || k === CodeActionKind.Source);
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
  const actions: CodeAction[] = [];
  if (!only || only.some((k) => k.startsWith(CodeActionKind.QuickFix))) {
    const catalog = ruleCatalog(ctx);
    for (const diagnostic of ours) {
      const path = pathOf(diagnostic);
      const insert = path ? insertMissing(doc, path, skeleton) : undefined;
      if (insert) {
        actions.push({
          title: `Add ${describe(path!)}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [params.textDocument.uri]: [insert] } },
        });
      }
      const rule = String(diagnostic.code ?? '');
      // Offered only where core honours it: not for unreadable files, waivers, internal errors or configuration.
      if (rule && isWaivable(catalog?.get(rule))) {
        actions.push({
          title: `Waive ${rule} here (accountable exception)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [params.textDocument.uri]: [waiverEdit(doc, diagnostic, rule, skeleton)] } },
        });
      }
    }
  }
  if (wantsFixAll) {
    const all = ctx.workspace.results().findings.get(ctx.file) ?? [];
    const edits = mergeInsertions(dedupe(all.map((f) => (f.path ? insertMissing(doc, f.path, skeleton) : undefined)).filter((e): e is TextEdit => Boolean(e))));
    if (edits.length > 0) {
      actions.push({
        title: 'Add every missing field Standpoint asks for',
        kind: `${CodeActionKind.SourceFixAll}.standpoint`,
        edit: { changes: { [params.textDocument.uri]: edits } },
      });
    }
  }
  return actions;
}

/** The rules for the file; none while its configuration is broken (its diagnostics say so). */
function ruleCatalog(ctx: FeatureContext): RuleCatalog | undefined {
  try {
    return ctx.workspace.current.project.rulesFor(ctx.file).catalog;
  } catch {
    return undefined;
  }
}

function pathOf(d: Diagnostic): PathSegment[] | undefined {
  const data = d.data as { path?: PathSegment[] | null } | undefined;
  return data?.path ?? undefined;
}

function describe(path: PathSegment[]): string {
  return `\`${String(path[path.length - 1])}\``;
}

/** Inserts edits at one position once: several findings may ask for the same field. */
function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.range.start.line}:${e.range.start.character}:${e.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Insertions at one place become one edit, each missing parent written once: two fields
 * missing under one missing parent (`customer_standpoint:` for both `evidence` and
 * `advocates`) must not add the parent twice, which would be a duplicate key.
 */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const isInsertion = (e: TextEdit) => e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
  const groups = new Map<string, TextEdit[]>();
  const out: TextEdit[] = [];
  for (const edit of edits) {
    if (!isInsertion(edit)) {
      out.push(edit);
      continue;
    }
    const key = `${edit.range.start.line}:${edit.range.start.character}`;
    const group = groups.get(key);
    if (group) group.push(edit);
    else groups.set(key, [edit]);
  }
  for (const group of groups.values()) {
    const eol = group[0].newText.includes('\r\n') ? '\r\n' : '\n';
    // Each block: its leading blank lines, then its lines (the trailing line break dropped).
    const blocks: Array<{ blank: number; lines: string[] }> = [];
    for (const edit of group) {
      const lines = edit.newText.split(eol);
      if (lines[lines.length - 1] === '') lines.pop();
      let blank = 0;
      while (blank < lines.length && lines[blank] === '') blank++;
      const body = lines.slice(blank);
      const parent = blocks.find((b) => b.lines[0] === body[0] && /:\s*$/.test(body[0] ?? ''));
      if (!parent) {
        blocks.push({ blank, lines: body });
        continue;
      }
      let shared = 0;
      while (shared < body.length && parent.lines[shared] === body[shared] && /:\s*$/.test(body[shared])) shared++;
      parent.lines.push(...body.slice(shared));
    }
    // At one place, deeper lines first: they continue the structure the place closes (an item's
    // fields before a new top-level key).
    const depth = (b: { lines: string[] }) => /^[ \t]*/.exec(b.lines[0] ?? '')![0].length;
    const ordered = [...blocks].sort((x, y) => depth(y) - depth(x));
    const lead = Math.max(0, ...blocks.map((b) => b.blank));
    const text = ordered.map((b, i) => [...Array<string>(i === 0 ? lead : b.blank).fill(''), ...b.lines].join(eol)).join(eol);
    out.push({ range: group[0].range, newText: text + eol });
  }
  return out;
}

const SECTION_BY_FIELD = new Map(knownSections().map((s) => [s.mapping.path.join('.'), s]));

/** The edit that adds a missing field (or Markdown section) where it belongs, or undefined when none fits. */
export function insertMissing(doc: ParsedDocument, path: PathSegment[], c: SkeletonContext): TextEdit | undefined {
  if (doc.map.get(path)) return undefined;
  let depth = path.length - 1;
  while (depth > 0 && !doc.map.get(path.slice(0, depth))) depth--;
  const anchor = path.slice(0, depth);
  const missing = path.slice(depth);
  if (missing.some((s) => typeof s !== 'string')) return undefined;
  const keys = missing as string[];
  const lines = doc.lines;
  const fm = doc.form === 'markdown' ? findFrontMatter(lines) : undefined;
  const inBody = (offset: number) => fm !== undefined && (fm.kind !== 'block' || offset > fm.close.end);
  const at = (offset: number) => {
    const p = lines.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  /** Inserts whole lines after the line holding `offset`; after the last line, at the end with a line break first. */
  const afterLine = (offset: number, newText: string): TextEdit => {
    const next = lines.lineOf(offset) + 1;
    if (next < lines.lineCount) return { range: { start: { line: next, character: 0 }, end: { line: next, character: 0 } }, newText };
    const end = at(lines.text.length);
    return { range: { start: end, end }, newText: eol + newText };
  };
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const block = (ls: string[]) => ls.join(eol) + eol;

  if (anchor.length === 0) {
    const section = doc.form === 'markdown' ? SECTION_BY_FIELD.get(keys.join('.')) : undefined;
    if (section) {
      const end = lines.text.length;
      const lead = lines.text.endsWith('\n') ? eol : eol + eol;
      return { range: { start: at(end), end: at(end) }, newText: lead + block(markdownSection(section.heading, keys[keys.length - 1], section.mapping.principal, c)) };
    }
    if (fm?.kind === 'block') return { range: { start: at(fm.close.start), end: at(fm.close.start) }, newText: block(yamlLines(keys, c, '')) };
    if (fm) return undefined;
    const end = lines.text.length;
    return { range: { start: at(end), end: at(end) }, newText: (lines.text.endsWith('\n') || end === 0 ? '' : eol) + block(yamlLines(keys, c, '')) };
  }

  const loc = doc.map.get(anchor)!;
  if (loc.shape === 'item') {
    const head = loc.head ?? loc.value;
    const column = head.start - lines.lineStart(lines.lineOf(head.start));
    if (inBody(head.start)) {
      if (keys.length !== 1) return undefined;
      const value = yamlLines(keys, c, '')[0];
      return afterLine(head.start, block([`${' '.repeat(column + 2)}- ${value}`]));
    }
    return afterLine(head.start, block(yamlLines(keys, c, ' '.repeat(column))));
  }
  if (loc.shape === 'block' && loc.key && !inBody(loc.key.start)) {
    const first = lines.text[loc.value.start];
    if (first === '{' || first === '[') return undefined;
    const keyColumn = loc.key.start - lines.lineStart(lines.lineOf(loc.key.start));
    const valueColumn = loc.value.start - lines.lineStart(lines.lineOf(loc.value.start));
    const indent = lines.lineOf(loc.value.start) > lines.lineOf(loc.key.start) ? valueColumn : keyColumn + 2;
    return afterLine(loc.key.start, block(yamlLines(keys, c, ' '.repeat(indent))));
  }
  return undefined;
}

/** An inline `standpoint-waive` comment above the finding, with the same indentation. */
function waiverEdit(doc: ParsedDocument, d: Diagnostic, rule: string, c: SkeletonContext): TextEdit {
  const lines = doc.lines;
  const line = d.range.start.line;
  const start = lines.lineStart(line);
  const text = lines.text.slice(start, lines.lineEnd(line));
  // Indentation is spaces and tabs: a byte-order mark (which \s matches) stays where it is.
  const bom = line === 0 ? /^\uFEFF*/.exec(text)![0].length : 0;
  const indent = /^[ \t]*/.exec(text.slice(bom))![0].replace(/^([ \t]*)- /, '$1  ');
  const fm = doc.form === 'markdown' ? findFrontMatter(lines) : undefined;
  const html = fm !== undefined && (fm.kind !== 'block' || start > fm.close.end);
  const owner = c.owner ?? 'Name of the accountable person';
  const body = `standpoint-waive ${rule} reason="Why this exception is acceptable" owner="${owner}" expires=${addToDate(c.today, 3, 0)}`;
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const rest = text.slice(bom);
  const lead = /^[ \t]*/.exec(rest)![0];
  const newText = html ? `${lead}<!-- ${body} -->${eol}` : `${/^[ \t]*- /.test(rest) ? lead : indent}# ${body}${eol}`;
  return { range: { start: { line, character: bom }, end: { line, character: bom } }, newText };
}
