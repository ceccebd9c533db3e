import { printable, relativePath } from './relative-path.js';
import type { Report } from './types.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export function github(report: Report): string {
  return report.findings
    .map((f) => {
      const props = [
        `file=${printable(escapeProperty(relativePath(report.cwd, f.file)))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(f.rule)}`,
      ].join(',');
      // The workflow-command escapes come first (CR and LF stay %0D and %0A); other control characters are then made visible.
      return `::${COMMAND[f.severity]} ${props}::${printable(escapeData(f.message))}\n`;
    })
    .join('');
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
