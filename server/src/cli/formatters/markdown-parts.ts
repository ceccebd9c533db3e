import type { Finding } from '../../core/index.js';
import { checkedSummary } from './checked.js';
import { isWebLink, sourceLinker } from './links.js';
import { counts, plural, printable, relativePath } from './relative-path.js';
import type { Report } from './types.js';

/** The building blocks of the Markdown reports (the job summary and the pull-request comment). */

const ICON = { error: '🔴', warning: '🟡', info: '🔵' } as const;
const RANK = { error: 0, warning: 1, info: 2 } as const;

/** `## ❌ Standpoint: 4 errors, 2 warnings, 0 info in 16 decision records, 2 registries`. */
export function heading(report: Report): string {
  const c = counts(report.findings);
  const status = c.errors > 0 ? '❌' : c.warnings > 0 ? '⚠️' : '✅';
  return `## ${status} Standpoint: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.infos} info in ${checkedSummary(report)}`;
}

/**
 * Findings per customer-centricity principle, most errors first. With `baselined` (a baseline is
 * in use) a last column counts the findings it holds back, so new and accepted ones are told apart.
 */
export function principleTable(findings: Finding[], baselined?: Finding[]): string[] {
  const principles = new Set([...findings, ...(baselined ?? [])].map((f) => f.principle));
  if (principles.size === 0) return [];
  const rows = [...principles].map((p) => ({ p, n: counts(findings.filter((f) => f.principle === p)), held: baselined?.filter((f) => f.principle === p).length ?? 0 }));
  rows.sort((a, b) => b.n.errors - a.n.errors || b.n.warnings - a.n.warnings || b.n.infos - a.n.infos || b.held - a.held || a.p.localeCompare(b.p));
  const extra = baselined ? { head: ' Baselined |', rule: '---:|', cell: (held: number) => ` ${held} |` } : { head: '', rule: '', cell: () => '' };
  return [
    `| Principle | Errors | Warnings | Info |${extra.head}`,
    `|---|---:|---:|---:|${extra.rule}`,
    ...rows.map(({ p, n, held }) => `| ${p} | ${n.errors} | ${n.warnings} | ${n.infos} |${extra.cell(held)}`),
  ];
}

/** The `limit` most serious findings, each with its rule's docs and (on GitHub) the line in the repository; then a count of the rest. */
export function findingBullets(report: Report, limit: number): string[] {
  const sorted = [...report.findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const link = sourceLinker();
  const out = sorted.slice(0, limit).map((f) => {
    const rule = isWebLink(f.docsUrl) ? `[\`${f.rule}\`](${f.docsUrl})` : `\`${f.rule}\``;
    const source = link(f.file, f.line);
    return `- ${ICON[f.severity]} ${rule} \`${printable(relativePath(report.cwd, f.file))}:${f.line}\` — ${escapeMarkdown(f.message)}${source ? ` ([view](${source}))` : ''}`;
  });
  if (sorted.length > limit) out.push(`- …and ${sorted.length - limit} more`);
  return out;
}

/** "1 waiver active (…)", when there are active waivers. */
export function waiverLine(report: Report): string[] {
  return report.activeWaivers > 0 ? [`${plural(report.activeWaivers, 'waiver')} active (accountable exceptions with a reason, an owner and an expiry date).`] : [];
}

/** Text from a record, safe inside a Markdown table or list: no control characters, pipes or HTML. */
export function escapeMarkdown(text: string): string {
  return printable(text).replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
