import { escapeMarkdown, findingBullets, heading, principleTable, waiverLine } from './markdown-parts.js';
import { plural, relativePath } from './relative-path.js';
import type { Report } from './types.js';

/** The hidden first line by which a workflow finds its own comment again, to edit it instead of adding another. */
export const PR_COMMENT_MARKER = '<!-- standpoint:pr-comment -->';

const TOP = 10;

/**
 * One pull-request comment, posted once and edited in place on every run: the totals, counts per
 * principle (with a baseline, new findings apart from the baselined ones), the most serious
 * findings with links, and the commit it describes.
 */
export function prComment(report: Report, env: NodeJS.ProcessEnv = process.env): string {
  const out: string[] = [PR_COMMENT_MARKER, heading(report), ''];
  if (report.scope) out.push(`Checked ${escapeMarkdown(report.scope)}.`, '');
  const baselined = report.baseline?.findings;
  if (report.baseline && baselined) {
    const file = relativePath(report.cwd, report.baseline.file);
    out.push(
      `**${plural(report.findings.length, 'new finding')}**; ${plural(baselined.length, 'finding')} accepted in \`${escapeMarkdown(file)}\` ${baselined.length === 1 ? 'is' : 'are'} not counted.`,
      '',
    );
  }
  const table = principleTable(report.findings, baselined);
  if (table.length > 0) out.push(...table, '');
  if (report.findings.length > 0) out.push(`### ${report.baseline ? 'New findings' : 'Findings'}`, '', ...findingBullets(report, TOP), '');
  const waivers = waiverLine(report);
  if (waivers.length > 0) out.push(...waivers, '');
  const sha = env.GITHUB_SHA ? ` for ${env.GITHUB_SHA.slice(0, 7)}` : '';
  out.push(
    `<sub>Standpoint ${report.version}${sha}. This comment is updated on every run; \`standpoint explain RULE-ID\` says why a rule exists and how to comply.</sub>`,
    '',
  );
  return out.join('\n');
}
