import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { findFrontMatter, FILL_IN, isWaivable, knownSections, type Finding, type ParsedDocument, type PathSegment, type RuleCatalog } from '../../core/index.js';
import { SOURCE } from '../convert.js';
import type { FeatureContext } from './context.js';
import { reciprocalLinkActions } from './lifecycle-links.js';
import { escapeSnippet, markdownSection, markdownSubItem, renderLines, skeletonValueAt, yamlLines, type SkeletonLine, type Value } from './skeletons.js';

/** Text to put at a position: inserted lines, written plain or as a snippet when the edit is made. */
export interface Insertion {
  range: Range;
  /** Line break(s) before the lines (when inserting after the last line). */
  lead: string;
  lines: SkeletonLine[];
  eol: string;
}

/**
 * Code actions for Standpoint diagnostics. Two kinds (SPEC §5 v2): safe fixes, the one right
 * answer the engine attached to a finding (also what "fix all" and fix-on-save apply, and
 * what `standpoint fix` writes); and skeletons, which insert a missing field, section or
 * waiver with placeholder text for a person to replace — reported until they do.
 */
export function codeActions(ctx: FeatureContext, params: CodeActionParams): CodeAction[] {
  const doc = ctx.workspace.current.session.document(ctx.file);
  if (!doc || doc.syntax.length > 0) return [];
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const wantsFixAll = only?.some((k) => k.startsWith(CodeActionKind.SourceFixAll) || k === CodeActionKind.Source);
  const findings = ctx.workspace.results().findings.get(ctx.file) ?? [];
  const edit = editMaker(ctx, uri);
  const actions: CodeAction[] = [];
  if (!only || only.some((k) => k.startsWith(CodeActionKind.QuickFix))) {
    const catalog = ruleCatalog(ctx);
    for (const diagnostic of params.context.diagnostics.filter((d) => d.source === SOURCE)) {
      const finding = findingOf(findings, diagnostic);
      if (finding?.fix) {
        actions.push({
          title: `Change to ${finding.fix.text}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [uri]: [safeEdit(doc, finding)] } },
        });
      }
      const path = finding?.path ?? pathOf(diagnostic);
      const insert = path ? insertMissing(doc, path) : undefined;
      if (insert) {
        actions.push({
          title: `Add ${describe(path!)} to fill in`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: !finding?.fix,
          edit: edit(insert),
        });
      }
      for (const link of reciprocalLinkActions(ctx, doc, finding, diagnostic, insertMissing)) {
        // A value named by two findings (one-way link, retired record) gets each action once.
        if (!actions.some((a) => a.title === link.title)) actions.push(link);
      }
      const rule = String(diagnostic.code ?? '');
      // Offered only where core honours it: not for unreadable files, waivers, internal errors or configuration.
      if (rule && isWaivable(catalog?.get(rule))) {
        actions.push({
          title: `Waive ${rule} here (accountable exception)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit(waiverInsertion(doc, diagnostic.range.start.line, rule)),
        });
      }
    }
  }
  if (wantsFixAll) {
    const edits = nonOverlapping(findings.filter((f) => f.fix && !f.suppressed)).map((f) => safeEdit(doc, f));
    if (edits.length > 0) {
      actions.push({ title: 'Apply every safe Standpoint fix', kind: `${CodeActionKind.SourceFixAll}.standpoint`, edit: { changes: { [uri]: edits } } });
    }
  }
  return actions;
}

/** Writes an insertion as a plain edit, or as a snippet edit whose placeholders are tab stops when the client supports them. */
function editMaker(ctx: FeatureContext, uri: string): (insertion: Insertion) => WorkspaceEdit {
  return (ins) => {
    if (!ctx.snippets) return { changes: { [uri]: [{ range: ins.range, newText: ins.lead + renderLines(ins.lines, ins.eol, false) }] } };
    const value = escapeSnippet(ins.lead) + renderLines(ins.lines, ins.eol, true);
    return {
      documentChanges: [{ textDocument: { uri, version: ctx.document.version }, edits: [{ range: ins.range, snippet: { kind: 'snippet', value } }] }],
    };
  };
}

/** Our finding behind a diagnostic the client sent back: same rule, same start. */
function findingOf(findings: readonly Finding[], d: Diagnostic): Finding | undefined {
  return findings.find((f) => f.rule === d.code && f.line === d.range.start.line + 1 && f.column === d.range.start.character + 1);
}

function safeEdit(doc: ParsedDocument, f: Finding): { range: Range; newText: string } {
  return { range: rangeOf(doc, f.fix!.span.start, f.fix!.span.end), newText: f.fix!.text };
}

/** Fixes in document order, dropping any that overlaps one before it (one value, two findings). */
function nonOverlapping(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.fix!.span.start - b.fix!.span.start);
  let end = -1;
  return sorted.filter((f) => {
    if (f.fix!.span.start < end) return false;
    end = f.fix!.span.end;
    return true;
  });
}

function rangeOf(doc: ParsedDocument, start: number, end: number): Range {
  const at = (offset: number) => {
    const p = doc.lines.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  return { start: at(start), end: at(end) };
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
  const data = d.data as { path?: unknown } | undefined;
  const path = data?.path;
  return Array.isArray(path) && path.every((s) => typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s) && s >= 0))
    ? (path as PathSegment[])
    : undefined;
}

function describe(path: PathSegment[]): string {
  return `\`${String(path[path.length - 1])}\``;
}

const SECTION_BY_FIELD = new Map(knownSections().map((s) => [s.mapping.path.join('.'), s]));

/** A YAML document end (`...`) or a second document (`---`) after the first line: nothing may be appended after it. */
const DOCUMENT_MARKER = /^(\.\.\.|---)[ \t]*$/m;

/**
 * The insertion that adds a missing field (or Markdown section) where it belongs, or
 * undefined when none fits without breaking the record: never into flow-style YAML
 * (`{...}`, `[...]`), never after a document marker, never inside an unclosed comment.
 */
export function insertMissing(doc: ParsedDocument, path: PathSegment[], value: Value = skeletonValueAt(path)): Insertion | undefined {
  if (doc.map.get(path)) return undefined;
  let depth = path.length - 1;
  while (depth > 0 && !doc.map.get(path.slice(0, depth))) depth--;
  const anchor = path.slice(0, depth);
  const missing = path.slice(depth);
  if (missing.some((s) => typeof s !== 'string')) return undefined;
  const keys = missing as string[];
  const lines = doc.lines;
  const text = lines.text;
  const fm = doc.form === 'markdown' ? findFrontMatter(lines) : undefined;
  const inBody = (offset: number) => fm !== undefined && (fm.kind !== 'block' || offset > fm.close.end);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = (offset: number) => {
    const p = lines.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  const point = (offset: number): Range => ({ start: at(offset), end: at(offset) });
  /** Inserts whole lines after the line holding `offset`; after the last line, at the end with a line break first. */
  const afterLine = (offset: number, ls: SkeletonLine[]): Insertion => {
    const next = lines.lineOf(offset) + 1;
    if (next < lines.lineCount) return { range: { start: { line: next, character: 0 }, end: { line: next, character: 0 } }, lead: '', lines: ls, eol };
    return { range: point(text.length), lead: eol, lines: ls, eol };
  };

  if (anchor.length === 0) {
    const section = doc.form === 'markdown' ? SECTION_BY_FIELD.get(keys.join('.')) : undefined;
    if (section) {
      if (hasUnclosedComment(text)) return undefined;
      return {
        range: point(text.length),
        lead: text.endsWith('\n') ? eol : eol + eol,
        lines: markdownSection(section.heading, keys[keys.length - 1], section.mapping.principal),
        eol,
      };
    }
    if (fm?.kind === 'block') {
      if (/^\s*[{[]/.test(text.slice(fm.content.start, fm.content.end))) return undefined;
      return { range: point(fm.close.start), lead: '', lines: yamlLines(keys, '', value), eol };
    }
    if (fm) return undefined;
    const firstContent = /^(?:\s*(?:#.*)?(?:\r?\n|$))*(?:---[ \t]*\r?\n)?/.exec(text)![0].length;
    if (/^\s*[{[]/.test(text.slice(firstContent)) || DOCUMENT_MARKER.test(text.slice(firstContent))) return undefined;
    return { range: point(text.length), lead: text.endsWith('\n') || text.length === 0 ? '' : eol, lines: yamlLines(keys, '', value), eol };
  }

  const loc = doc.map.get(anchor)!;
  if (loc.shape === 'item') {
    const head = loc.head ?? loc.value;
    if (text[head.start] === '{' || text[head.start] === '[' || insideFlow(text, head.start)) return undefined;
    const column = head.start - lines.lineStart(lines.lineOf(head.start));
    if (inBody(head.start)) {
      if (keys.length !== 1) return undefined;
      return afterLine(head.start, [markdownSubItem(keys[0], ' '.repeat(column + 2), value)]);
    }
    return afterLine(head.start, yamlLines(keys, ' '.repeat(column), value));
  }
  if (loc.shape === 'block' && loc.key && !inBody(loc.key.start)) {
    const first = text[loc.value.start];
    if (first === '{' || first === '[' || insideFlow(text, loc.key.start)) return undefined;
    const keyColumn = loc.key.start - lines.lineStart(lines.lineOf(loc.key.start));
    const valueColumn = loc.value.start - lines.lineStart(lines.lineOf(loc.value.start));
    const indent = lines.lineOf(loc.value.start) > lines.lineOf(loc.key.start) ? valueColumn : keyColumn + 2;
    return afterLine(loc.key.start, yamlLines(keys, ' '.repeat(indent), value));
  }
  return undefined;
}

/** Is the offset inside a flow collection (`[...]`, `{...}`) opened earlier on its line or above? */
function insideFlow(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /[[{]/.test(before.replace(/"[^"]*"|'[^']*'/g, ''));
}

/** Does the text end inside an HTML comment (an opened `<!--` with no `-->` after it)? */
function hasUnclosedComment(text: string): boolean {
  const open = text.lastIndexOf('<!--');
  return open !== -1 && text.indexOf('-->', open + 4) === -1;
}

/**
 * An inline `standpoint-waive` comment above the line, with the same indentation. Reason,
 * owner and expiry are placeholder text: the waiver is `waiver-incomplete`, and waives
 * nothing, until a person writes them.
 */
function waiverInsertion(doc: ParsedDocument, line: number, rule: string): Insertion {
  const lines = doc.lines;
  const start = lines.lineStart(line);
  const text = lines.text.slice(start, lines.lineEnd(line));
  // Indentation is spaces and tabs: a byte-order mark (which \s matches) stays where it is.
  const bom = line === 0 ? /^\uFEFF*/.exec(text)![0].length : 0;
  const rest = text.slice(bom);
  const lead = /^[ \t]*/.exec(rest)![0];
  const fm = doc.form === 'markdown' ? findFrontMatter(lines) : undefined;
  const html = fm !== undefined && (fm.kind !== 'block' || start > fm.close.end);
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const body: SkeletonLine = [
    `${lead}${html ? '<!-- ' : '# '}standpoint-waive ${rule} reason="`,
    { slot: FILL_IN.waiverReason },
    '" owner="',
    { slot: FILL_IN.waiverOwner },
    '" expires=',
    { slot: FILL_IN.date },
    html ? ' -->' : '',
  ];
  return { range: { start: { line, character: bom }, end: { line, character: bom } }, lead: '', lines: [body], eol };
}
