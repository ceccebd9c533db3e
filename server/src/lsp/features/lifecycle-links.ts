import path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { FILL_IN, isMap, textOf, type Finding, type ParsedDocument, type PathSegment } from '../../core/index.js';
import { pathToUri, spanToRange } from '../convert.js';
import type { Insertion } from './code-actions.js';
import type { FeatureContext } from './context.js';
import { isRecordRefPath } from './records.js';
import { renderLines, type Value } from './skeletons.js';

/** How a missing field is inserted into a document (code-actions.ts `insertMissing`), passed in so this module imports no feature back. */
export type Inserter = (doc: ParsedDocument, path: PathSegment[], value: Value) => Insertion | undefined;

/**
 * Quick fixes for a supersession link written on one side only: write the other half into
 * the other record (this record's id in its `superseded_by`, or in its `supersedes` list),
 * and, as a separate action a person may decline, mark the replaced record superseded.
 * The link is a skeleton edit on the other document: the id is the one right answer when
 * this record has one, else placeholder text to fill in.
 */
export function reciprocalLinkActions(ctx: FeatureContext, doc: ParsedDocument, finding: Finding | undefined, diagnostic: Diagnostic, insert: Inserter): CodeAction[] {
  const field = finding?.path?.[0];
  if (!finding?.path || !isRecordRefPath(finding.path) || (field !== 'supersedes' && field !== 'superseded_by')) return [];
  const others = [...new Set((finding.related ?? []).map((r) => r.file))].filter((f) => f !== ctx.file);
  if (others.length !== 1) return [];
  const other = ctx.workspace.current.session.document(others[0]);
  if (!other || other.syntax.length > 0 || !isMap(other.data) || !isMap(doc.data)) return [];
  const ownId = textOf(doc.data.id).trim();
  const otherId = textOf(other.data.id).trim() || path.basename(other.file);
  const name = path.basename(other.file);
  const value: Value = ownId || { slot: FILL_IN.recordId };
  const shown = ownId || 'this record';
  const out: CodeAction[] = [];
  const action = (title: string, edit: TextEdit | undefined) => {
    if (edit) out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf(other, edit) });
  };
  if (field === 'supersedes') {
    // The other record is the one replaced: it names its successor, and is superseded.
    if (other.data.superseded_by === undefined) action(`Add superseded_by: ${shown} to ${name}`, asEdit(insert(other, ['superseded_by'], value)));
    if (textOf(other.data.status).trim() !== 'superseded') action(`Mark ${otherId} as superseded (${name})`, statusEdit(other, insert));
  } else {
    // The other record is the successor: it lists this one among the records it supersedes.
    const list = other.data.supersedes;
    if (list === undefined) action(`Add supersedes: [${shown}] to ${name}`, asEdit(insert(other, ['supersedes'], [value])));
    else if (Array.isArray(list) && !list.some((v) => textOf(v).trim() === ownId))
      action(`Add ${shown} to the supersedes of ${name}`, appendItem(other, ownId || FILL_IN.recordId));
  }
  return out;
}

function editOf(doc: ParsedDocument, edit: TextEdit): WorkspaceEdit {
  return { changes: { [pathToUri(doc.file)]: [edit] } };
}

function asEdit(ins: ReturnType<Inserter>): TextEdit | undefined {
  return ins && { range: ins.range, newText: ins.lead + renderLines(ins.lines, ins.eol, false) };
}

/** `status: superseded` over the status there is, or added when there is none. */
function statusEdit(doc: ParsedDocument, insert: Inserter): TextEdit | undefined {
  const loc = doc.map.get(['status']);
  if (!loc) return asEdit(insert(doc, ['status'], 'superseded'));
  return loc.key ? { range: spanToRange(doc.lines, loc.value), newText: 'superseded' } : undefined;
}

/** One more id at the end of an existing `supersedes` list: in the brackets of a flow list, or as a line like the last item of a block list. */
function appendItem(doc: ParsedDocument, id: string): TextEdit | undefined {
  const list = doc.map.get(['supersedes']);
  const items = Array.isArray(isMap(doc.data) ? doc.data.supersedes : undefined) ? (doc.data as { supersedes: unknown[] }).supersedes.length : 0;
  if (!list) return undefined;
  const text = doc.lines.text;
  const last = items > 0 ? doc.map.get(['supersedes', items - 1]) : undefined;
  if (text[list.value.start] === '[') {
    if (!last) return { range: spanToRange(doc.lines, { start: list.value.start + 1, end: list.value.start + 1 }), newText: id };
    return { range: spanToRange(doc.lines, { start: last.value.end, end: last.value.end }), newText: `, ${id}` };
  }
  if (!last) return undefined;
  const line = doc.lines.lineOf(last.value.start);
  const prefix = text.slice(doc.lines.lineStart(line), last.value.start);
  if (!/^\s*-\s+$/.test(prefix)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const next = line + 1;
  if (next < doc.lines.lineCount) return { range: { start: { line: next, character: 0 }, end: { line: next, character: 0 } }, newText: `${prefix}${id}${eol}` };
  const end = spanToRange(doc.lines, { start: text.length, end: text.length });
  return { range: end, newText: `${eol}${prefix}${id}` };
}
