import { relativePath } from './relative-path.js';
import type { Report } from './types.js';

/** The stable JSON contract of SPEC §4: one object per finding, in output order. */
export function json(report: Report): string {
  const rows = report.findings.map((f) => ({
    file: relativePath(report.cwd, f.file),
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    principle: f.principle,
    docsUrl: f.docsUrl,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
