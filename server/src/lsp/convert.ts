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
    message: plainMessage(f.message),
    // The quick fixes read the path back; the rule is the code.
    data: { path: f.path ?? null },
    ...(related.length > 0
      ? {
          relatedInformation: related.map((r) => ({ location: { uri: pathToUri(r.file), range: toRange(r) }, message: 'also used here' })),
        }
      : {}),
  };
}

/**
 * What a finding's diagnostic is made of (`toDiagnostic` reads nothing else), as text: findings
 * with equal keys make equal diagnostics, without making them.
 */
export function diagnosticKey(f: Finding): string {
  const related = otherPlaces(f, RELATED_PLACES).map((r) => [r.file, r.line, r.column, r.endLine, r.endColumn]);
  return JSON.stringify([f.line, f.column, f.endLine, f.endColumn, f.severity, f.rule, f.docsUrl, f.message, f.path ?? null, related]);
}

/** A config or rule file problem; its one right correction, when there is one, travels in `data` for the quick fix. */
export function problemToDiagnostic(p: ConfigProblem): Diagnostic {
  return {
    range: toRange(p),
    severity: DiagnosticSeverity.Error,
    code: 'config',
    source: SOURCE,
    message: plainMessage(p.message),
    ...(p.fix ? { data: { fix: { range: toRange(p.fix), text: p.fix.text } } } : {}),
  };
}

/** How long the first line of a diagnostic may be: what a person reads in the Problems panel at a glance. */
const HEADLINE = 100;

/**
 * A message as editors show it (diagnostics are plain text): without the Markdown backticks
 * the CLI keeps, and, when long, with what to do on the first line and the detail below it
 * (VS Code's Problems panel shows the first line, and the rest on demand).
 */
export function plainMessage(message: string): string {
  const plain = (text: string) => (text.includes('`') ? text.replace(/`([^`\n]*)`/g, '$1') : text);
  const whole = plain(message);
  if (whole.length <= HEADLINE || message.includes('\n')) return whole;
  // Found on the text with its code spans blanked, so `key: value` is never taken for a break.
  const cut = headlineEnd(message.includes('`') ? message.replace(/`[^`\n]*`/g, (span) => '`' + 'x'.repeat(span.length - 2) + '`') : message);
  if (cut === undefined) return whole;
  const head = plain(message.slice(0, cut.at)).trimEnd();
  const rest = plain(message.slice(cut.at + cut.length)).trim();
  return `${/[.!?]$/.test(head) ? head : `${head}.`}\n${rest.charAt(0).toUpperCase()}${rest.slice(1)}`;
}

/** Where the headline ends: a sentence end, else a colon before an explanation (not before a list of values). */
function headlineEnd(text: string): { at: number; length: number } | undefined {
  const sentence = /[.!?](?=\s+[A-Z"(])/g;
  for (let m = sentence.exec(text); m; m = sentence.exec(text)) {
    if (m.index > HEADLINE + 20) break;
    if (m.index >= 20) return { at: m.index + 1, length: 0 };
  }
  const colon = /:\s+/g;
  for (let m = colon.exec(text); m; m = colon.exec(text)) {
    if (m.index > HEADLINE + 20) break;
    const after = text.slice(m.index + m[0].length);
    if (m.index >= 30 && after.length >= 40 && !/^(expected|one of|did you mean)/i.test(after) && !/^[^.;]*,[^.;]*,/.test(after.slice(0, 60))) {
      return { at: m.index, length: m[0].length };
    }
  }
  return undefined;
}
