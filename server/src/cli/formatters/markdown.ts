import { isWebLink, sourceLinker } from './links.js';
import { counts, plural, printable, relativePath } from './relative-path.js';
import type { Report } from './types.js';

const TOP = 20;
const ICON = { error: '🔴', warning: '🟡', info: '🔵' } as const;

/** A pull-request comment: totals per principle, then the most serious findings with links. */
export function markdown(report: Report): string {
  const c = counts(report.findings);
  const out: string[] = [];
  const status = c.errors > 0 ? '❌' : c.warnings > 0 ? '⚠️' : '✅';
  out.push(
    `## ${status} Standpoint: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${c.infos} info in ${plural(report.recordsChecked, 'decision record')}`,
  );
  out.push('');
  if (report.scope) out.push(`Checked ${escape(report.scope)}.`, '');
  if (report.findings.length > 0) {
    const byPrinciple = new Map<string, ReturnType<typeof counts>>();
    for (const p of new Set(report.findings.map((f) => f.principle))) {
      byPrinciple.set(p, counts(report.findings.filter((f) => f.principle === p)));
    }
    out.push('| Principle | Errors | Warnings | Info |', '|---|---:|---:|---:|');
    for (const [p, n] of [...byPrinciple].sort((a, b) => b[1].errors - a[1].errors || b[1].warnings - a[1].warnings || a[0].localeCompare(b[0]))) {
      out.push(`| ${p} | ${n.errors} | ${n.warnings} | ${n.infos} |`);
    }
    out.push('', '### Findings', '');
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const sorted = [...report.findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
    const link = sourceLinker();
    for (const f of sorted.slice(0, TOP)) {
      const rule = isWebLink(f.docsUrl) ? `[\`${f.rule}\`](${f.docsUrl})` : `\`${f.rule}\``;
      const source = link(f.file, f.line);
      out.push(
        `- ${ICON[f.severity]} ${rule} \`${printable(relativePath(report.cwd, f.file))}:${f.line}\` — ${escape(f.message)}${source ? ` ([view](${source}))` : ''}`,
      );
    }
    if (sorted.length > TOP) out.push(`- …and ${sorted.length - TOP} more`);
    out.push('');
  }
  if (report.activeWaivers > 0) out.push(`${plural(report.activeWaivers, 'waiver')} active (accountable exceptions with a reason, an owner and an expiry date).`, '');
  if (report.baseline) {
    const n = report.baseline.findings.length;
    out.push(
      `${n} ${n === 1 ? 'finding is' : 'findings are'} baselined in \`${relativePath(report.cwd, report.baseline.file)}\` and not shown; only new findings count.`,
      '',
    );
  }
  return out.join('\n');
}

function escape(text: string): string {
  return printable(text).replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
