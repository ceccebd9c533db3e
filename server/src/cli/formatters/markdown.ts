import { escapeMarkdown, findingBullets, heading, principleTable, waiverLine } from './markdown-parts.js';
import { relativePath } from './relative-path.js';
import type { Report } from './types.js';

const TOP = 20;

/** The job summary: totals per principle, then the most serious findings with links. */
export function markdown(report: Report): string {
  const out: string[] = [heading(report), ''];
  if (report.scope) out.push(`Checked ${escapeMarkdown(report.scope)}.`, '');
  if (report.findings.length > 0) out.push(...principleTable(report.findings), '', '### Findings', '', ...findingBullets(report, TOP), '');
  const waivers = waiverLine(report);
  if (waivers.length > 0) out.push(...waivers, '');
  if (report.baseline) {
    const n = report.baseline.findings.length;
    out.push(
      `${n} ${n === 1 ? 'finding is' : 'findings are'} baselined in \`${relativePath(report.cwd, report.baseline.file)}\` and not shown; only new findings count.`,
      '',
    );
  }
  return out.join('\n');
}
