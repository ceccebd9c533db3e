import type { Finding, SafeFix } from '../types.js';

/** One change a safe fix made: where, and the text before and after. */
export interface AppliedFix {
  rule: string;
  /** 1-based line of the change in the text before it. */
  line: number;
  before: string;
  after: string;
}

/**
 * Applies the safe fixes of one file's findings to its text. Waived findings are left
 * alone; of fixes that touch the same text, the first in the document wins (the others
 * are for the same value, found by another rule).
 */
export function applySafeFixes(text: string, findings: readonly Finding[]): { text: string; applied: AppliedFix[] } {
  const fixes = findings
    .filter((f): f is Finding & { fix: SafeFix } => f.fix !== undefined && !f.suppressed)
    .sort((a, b) => a.fix.span.start - b.fix.span.start || a.fix.span.end - b.fix.span.end);
  const chosen: Array<Finding & { fix: SafeFix }> = [];
  let end = -1;
  for (const f of fixes) {
    if (f.fix.span.start < end || f.fix.span.end > text.length) continue;
    chosen.push(f);
    end = Math.max(end, f.fix.span.end);
  }
  let out = text;
  for (let i = chosen.length - 1; i >= 0; i--) {
    const { span, text: replacement } = chosen[i].fix;
    out = out.slice(0, span.start) + replacement + out.slice(span.end);
  }
  const applied = chosen.map((f) => ({ rule: f.rule, line: f.line, before: text.slice(f.fix.span.start, f.fix.span.end), after: f.fix.text }));
  return { text: out, applied };
}
