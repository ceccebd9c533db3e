import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { otherPlaces, type ConfigProblem, type Finding, type LineIndex, type Severity, type Span } from '../core/index.js';

export const SOURCE = 'standpoint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function uriToPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

export function pathToUri(file: string): string {
  return URI.file(file).toString();
}

/** 1-based engine positions to 0-based LSP positions (both count UTF-16 code units). */
export function toRange(r: { line: number; column: number; endLine: number; endColumn: number }): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

export function spanToRange(lines: LineIndex, span: Span): Range {
  return toRange(lines.range(span));
}

/** How many other places of a cross-record finding the editor lists under it. */
const RELATED_PLACES = 20;

/** The diagnostic a finding becomes: same range as the CLI, rule id as code, docs link, the other places it is about. */
export function toDiagnostic(f: Finding): Diagnostic {
  const related = otherPlaces(f, RELATED_PLACES);
  return {
    range: toRange(f),
    severity: SEVERITY[f.severity],
    code: f.rule,
    ...(f.docsUrl ? { codeDescription: { href: f.docsUrl } } : {}),
    source: SOURCE,
    message: f.message,
    data: { rule: f.rule, path: f.path ?? null },
    ...(related.length > 0
      ? {
          relatedInformation: related.map((r) => ({ location: { uri: pathToUri(r.file), range: toRange(r) }, message: 'also used here' })),
        }
      : {}),
  };
}

export function problemToDiagnostic(p: ConfigProblem): Diagnostic {
  return { range: toRange(p), severity: DiagnosticSeverity.Error, code: 'config', source: SOURCE, message: p.message };
}
