import type { CodeActionParams, Diagnostic, Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * A code action request as the quick fixes may trust it. Clients send back diagnostics they
 * hold, and a range; both are input, and their positions end up in edits (a waiver comment
 * goes above the diagnostic's line). A range whose positions are not non-negative whole
 * numbers gets no actions, and one past the end of the document is clamped into it. A
 * diagnostic whose positions are not, or that starts past the end, is ignored (it is not one
 * of this document's); its `data.path`, when not a list of keys and indices, is dropped.
 */
export function checkedCodeActionParams(params: CodeActionParams, document: TextDocument): CodeActionParams | undefined {
  const range = checkedRange(params.range, document, true);
  if (!range) return undefined;
  const context = (params.context ?? {}) as Partial<CodeActionParams['context']>;
  const diagnostics = (Array.isArray(context.diagnostics) ? context.diagnostics : []).flatMap((d) => {
    const checked = checkedDiagnostic(d, document);
    return checked ? [checked] : [];
  });
  const only = Array.isArray(context.only) ? context.only.filter((k): k is string => typeof k === 'string') : undefined;
  return { ...params, range, context: { ...context, diagnostics, only } };
}

function checkedDiagnostic(d: unknown, document: TextDocument): Diagnostic | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const diagnostic = d as Diagnostic;
  const range = checkedRange(diagnostic.range, document, false);
  if (!range) return undefined;
  const data = diagnostic.data as { path?: unknown } | undefined;
  const path = typeof data === 'object' && data !== null ? data.path : undefined;
  const keepData = path === undefined || path === null || isModelPath(path);
  const checkedData: unknown = keepData ? diagnostic.data : { ...data, path: undefined };
  return { ...diagnostic, range, data: checkedData };
}

function checkedRange(range: unknown, document: TextDocument, clampStart: boolean): Range | undefined {
  if (typeof range !== 'object' || range === null) return undefined;
  const { start, end } = range as Partial<Range>;
  if (!isPosition(start) || !isPosition(end)) return undefined;
  if (!clampStart && start.line >= document.lineCount) return undefined;
  // offsetAt clamps a line or character past the end; positionAt turns it back into a real position.
  const clamp = (p: Position) => document.positionAt(document.offsetAt(p));
  return { start: clamp(start), end: clamp(end) };
}

function isPosition(p: unknown): p is Position {
  if (typeof p !== 'object' || p === null) return false;
  const { line, character } = p as Partial<Position>;
  return Number.isInteger(line) && Number.isInteger(character) && line! >= 0 && character! >= 0;
}

function isModelPath(path: unknown): boolean {
  return Array.isArray(path) && path.every((s) => typeof s === 'string' || (Number.isInteger(s) && (s as number) >= 0));
}
