import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { ParsedDocument } from '../../core/model/document.js';
import { findFrontMatter } from '../../core/parse/front-matter.js';
import { knownSections } from '../../core/parse/markdown-sections.js';
import { addToDate, textOf } from '../../core/rules/values.js';
import { isMap } from '../../core/rules/paths.js';
import type { PathSegment } from '../../core/types.js';
import { SOURCE } from '../convert.js';
import type { FeatureContext } from './context.js';
import { markdownSection, yamlLines, type SkeletonContext } from './skeletons.js';

const NOT_WAIVABLE = new Set(['record-syntax', 'waiver-incomplete', 'waiver-expired', 'waiver-unused', 'internal-error', 'config']);

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
    for (const diagnostic of ours) {
      const path = pathOf(diagnostic);
      const insert = path ? insertMissing(doc, path, skeleton) : undefined;
      if (insert) {
        actions.push({
          title: `Add ${describe(path!)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
          edit: { changes: { [params.textDocument.uri]: [insert] } },
        });
      }
      const rule = String(diagnostic.code ?? '');
      if (rule && !NOT_WAIVABLE.has(rule)) {
        actions.push({
          title: `Waive ${rule} here (accountable exception)`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
          edit: { changes: { [params.textDocument.uri]: [waiverEdit(doc, diagnostic, rule, skeleton)] } },
        });
      }
    }
  }
  if (wantsFixAll) {
    const all = ctx.workspace.results().findings.get(ctx.file) ?? [];
    const edits = mergeInsertions(dedupe(all.map((f) => (f.path ? insertMissing(doc, f.path, skeleton) : undefined)).filter((e): e is TextEdit => Boolean(e))));
    if (edits.length > 0) {
      actions.push({ title: 'Add every missing field Standpoint asks for', kind: `${CodeActionKind.SourceFixAll}.standpoint`, edit: { changes: { [params.textDocument.uri]: edits } } });
    }
  }
  return actions;
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
 * Insertions at one place become one edit, their shared parent lines written once: two
 * fields missing under one missing parent (`customer_standpoint:` for both `evidence`
 * and `advocates`) must not add the parent twice, which would be a duplicate key.
 */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const at = edit.range.start;
    const same = out.find((o) => o.range.start.line === at.line && o.range.start.character === at.character
      && o.range.end.line === at.line && o.range.end.character === at.character && edit.range.end.line === at.line && edit.range.end.character === at.character);
    if (!same) {
      out.push({ ...edit });
      continue;
    }
    const eol = same.newText.includes('\r\n') ? '\r\n' : '\n';
    const a = same.newText.split(eol);
    const b = edit.newText.split(eol);
    let shared = 0;
    while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared] && /:\s*$/.test(a[shared])) shared++;
    same.newText = [...a.slice(0, -1), ...b.slice(shared)].join(eol);
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
  const lineAfter = (offset: number) => ({ line: lines.lineOf(offset) + 1, character: 0 });
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
      return { range: { start: lineAfter(head.start), end: lineAfter(head.start) }, newText: block([`${' '.repeat(column + 2)}- ${value}`]) };
    }
    return { range: { start: lineAfter(head.start), end: lineAfter(head.start) }, newText: block(yamlLines(keys, c, ' '.repeat(column))) };
  }
  if (loc.shape === 'block' && loc.key && !inBody(loc.key.start)) {
    const first = lines.text[loc.value.start];
    if (first === '{' || first === '[') return undefined;
    const keyColumn = loc.key.start - lines.lineStart(lines.lineOf(loc.key.start));
    const valueColumn = loc.value.start - lines.lineStart(lines.lineOf(loc.value.start));
    const indent = lines.lineOf(loc.value.start) > lines.lineOf(loc.key.start) ? valueColumn : keyColumn + 2;
    return { range: { start: lineAfter(loc.key.start), end: lineAfter(loc.key.start) }, newText: block(yamlLines(keys, c, ' '.repeat(indent))) };
  }
  return undefined;
}

/** An inline `standpoint-waive` comment above the finding, with the same indentation. */
function waiverEdit(doc: ParsedDocument, d: Diagnostic, rule: string, c: SkeletonContext): TextEdit {
  const lines = doc.lines;
  const line = d.range.start.line;
  const start = lines.lineStart(line);
  const text = lines.text.slice(start, lines.lineEnd(line));
  const indent = /^\s*/.exec(text)![0].replace(/^(\s*)- /, '$1  ');
  const fm = doc.form === 'markdown' ? findFrontMatter(lines) : undefined;
  const html = fm !== undefined && (fm.kind !== 'block' || start > fm.close.end);
  const owner = c.owner ?? 'Name of the accountable person';
  const body = `standpoint-waive ${rule} reason="Why this exception is acceptable" owner="${owner}" expires=${addToDate(c.today, 3, 0)}`;
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const lead = /^\s*/.exec(text)![0];
  const newText = html ? `${lead}<!-- ${body} -->${eol}` : `${/^\s*- /.test(text) ? /^\s*/.exec(text)![0] : indent}# ${body}${eol}`;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText };
}
