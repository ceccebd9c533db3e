import { styleText } from 'node:util';
import { checkedSummary } from './checked.js';
import { counts, plural, printable, relativePath } from './relative-path.js';
import type { Report } from './types.js';

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'blue' } as const;

/** Grouped by file, aligned columns, a one-line summary: what ESLint users read every day. */
export function stylish(report: Report): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) => (report.color ? styleText(style, text) : text);
  const out: string[] = [];
  const byFile = new Map<string, typeof report.findings>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(paint('underline', printable(relativePath(report.cwd, file))));
    const rows = findings.map((f) => [`${f.line}:${f.column}`, f.severity, printable(f.message), f.rule]);
    const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const [pos, sev, message, rule] of rows) {
      const severity = paint(SEVERITY_STYLE[sev as keyof typeof SEVERITY_STYLE], sev.padEnd(width[1]));
      out.push(`  ${paint('dim', pos.padEnd(width[0]))}  ${severity}  ${message}  ${paint('dim', rule)}`);
    }
    out.push('');
  }
  const c = counts(report.findings);
  const total = report.findings.length;
  const baselined = report.baseline ? `, ${report.baseline.findings.length} baselined` : '';
  const waivers = `${baselined}${report.activeWaivers > 0 ? `, ${plural(report.activeWaivers, 'waiver')} active` : ''}`;
  if (total === 0) {
    out.push(paint('green', `✔ ${checkedSummary(report)} checked, no problems${waivers}`));
  } else {
    const summary = `✖ ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.infos} info) in ${checkedSummary(report)}${waivers}`;
    out.push(paint(c.errors > 0 ? 'red' : 'yellow', summary));
  }
  return `${out.join('\n')}\n`;
}
