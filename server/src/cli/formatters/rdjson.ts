import { otherPlaces, type RelatedLocation } from '../../core/index.js';
import { isWebLink } from './links.js';
import { relativePath } from './relative-path.js';
import { INFORMATION_URI } from './sarif.js';
import type { Report } from './types.js';
import { Utf8Columns, type ByteRange } from './utf8-columns.js';

/** How many other places of a cross-record finding a diagnostic lists (as SARIF does). */
const RELATED_PLACES = 20;

const SEVERITY = { error: 'ERROR', warning: 'WARNING', info: 'INFO' } as const;

/** One diagnostic of reviewdog's Diagnostic Format (rdjson). */
interface Diagnostic {
  message: string;
  location: { path: string; range: ByteRange };
  severity: (typeof SEVERITY)[keyof typeof SEVERITY];
  code: { value: string; url?: string };
  suggestions?: Array<{ range: ByteRange; text: string }>;
  related_locations?: Array<{ message: string; location: { path: string; range: ByteRange } }>;
}

/**
 * reviewdog's Diagnostic Format (`reviewdog -f=rdjson`): reviewdog turns each diagnostic into a
 * review comment on the changed lines of a pull request, and a safe fix into a suggested change
 * the author can commit with one click. Columns are UTF-8 bytes, as the format counts them.
 */
export function rdjson(report: Report): string {
  const columns = new Utf8Columns(report.sourceText);
  const relative = (file: string) => relativePath(report.cwd, file);
  const diagnostics = report.findings.map((f): Diagnostic => {
    const fix = f.fix && !f.suppressed ? columns.span(f.file, f.fix.span) : undefined;
    const related = otherPlaces(f, RELATED_PLACES);
    return {
      message: f.message,
      location: { path: relative(f.file), range: columns.range(f.file, f) },
      severity: SEVERITY[f.severity],
      code: { value: f.rule, ...(isWebLink(f.docsUrl) ? { url: f.docsUrl } : {}) },
      ...(fix && f.fix ? { suggestions: [{ range: fix, text: f.fix.text }] } : {}),
      ...(related.length > 0 ? { related_locations: related.map((r) => ({ message: 'also used here', location: place(columns, relative, r) })) } : {}),
    };
  });
  return `${JSON.stringify({ source: { name: 'standpoint', url: INFORMATION_URI }, diagnostics }, null, 2)}\n`;
}

function place(columns: Utf8Columns, relative: (file: string) => string, r: RelatedLocation): Diagnostic['location'] {
  return { path: relative(r.file), range: columns.range(r.file, r) };
}
