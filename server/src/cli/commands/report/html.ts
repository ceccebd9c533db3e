import { columns, esc, horizontalBars, shareBars, type BarRow } from './charts.js';
import type { RecordRow, ReportData } from './data.js';

export interface HtmlOptions {
  /** Link to a record from the page (relative to where the page is written). */
  hrefOf: (file: string) => string;
  title?: string;
}

/**
 * The decision-log scorecard: one self-contained page. Styles, charts (inline SVG) and the
 * table filter script are all inline; a Content-Security-Policy forbids any fetch, so the
 * page renders the same offline, attached to an email or opened from a CI artifact.
 */
export function renderHtml(data: ReportData, options: HtmlOptions): string {
  const title = options.title ?? 'Decision-log scorecard';
  const t = data.totals;
  const s = data.standpoint;
  const p = data.promises;
  const pct = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`);
  const severity = (r: { errors: number; warnings: number; infos: number }) => [
    { cls: 'error', name: 'errors', value: r.errors },
    { cls: 'warning', name: 'warnings', value: r.warnings },
    { cls: 'info', name: 'infos', value: r.infos },
  ];
  const principleRows: BarRow[] = data.byPrinciple.map((r) => ({ key: r.key, label: r.key, segments: severity(r) }));
  const ruleRows: BarRow[] = data.byRule.map((r) => ({ key: r.key, label: r.key, segments: severity(r) }));
  const monthRows: BarRow[] = data.months.map((m) => ({
    key: m.key, label: monthLabel(m.key), segments: [
      { cls: 'clean', name: 'clean', value: m.clean },
      { cls: 'warning', name: 'warnings-only', value: m.withWarningsOnly },
      { cls: 'error', name: 'with-errors', value: m.withErrors },
    ],
  }));
  const waiverCls: Record<string, string> = { incomplete: 'error', expired: 'error', 'within 30 days': 'warning', 'in 31–90 days': 'info', later: 'clean' };
  const waiverRows: BarRow[] = data.waivers.buckets.map((b) => ({ key: b.key, label: b.key, segments: [{ cls: waiverCls[b.key], name: 'waivers', value: b.count }] }));

  const kpi = (key: string, value: string | number, label: string, note = '') =>
    `<div class="kpi" data-kpi="${esc(key)}"><div class="kpi-value">${esc(value)}</div><div class="kpi-label">${esc(label)}</div>${note ? `<div class="kpi-note">${esc(note)}</div>` : ''}</div>`;
  const figure = (id: string, heading: string, body: string, caption: string) =>
    `<figure class="chart" id="chart-${esc(id)}" data-chart="${esc(id)}"><h2>${esc(heading)}</h2>${body}<figcaption>${caption}</figcaption></figure>`;
  const legend = (items: Array<[string, string]>) =>
    `<span class="legend">${items.map(([cls, label]) => `<span class="swatch ${cls}"></span>${esc(label)}`).join(' ')}</span>`;

  const kinds = [...new Set(data.records.map((r) => r.kind))].sort();
  const statuses = [...new Set(data.records.map((r) => r.status).filter(Boolean))].sort();

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="Standpoint ${esc(data.version)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>${esc(title)}</h1>
  <p class="sub">${plural(t.records, 'decision record')} · as of ${esc(data.today)} · Standpoint ${esc(data.version)}</p>
</header>
<main>
<section class="kpis" aria-label="Key figures">
  ${kpi('records', t.records, 'decision records', `${t.cleanRecords} with no findings`)}
  ${kpi('records-with-errors', t.recordsWithErrors, 'records with errors', `${pct(t.recordsWithErrors, t.records)} of records`)}
  ${kpi('findings', t.total, 'findings', `${t.errors} errors · ${t.warnings} warnings · ${t.infos} info`)}
  ${kpi('advocate', pct(s.withAdvocate, s.impacting), 'impacting decisions with advocate input', `${s.withAdvocate} of ${s.impacting}`)}
  ${kpi('evidence', pct(s.withCustomerEvidence, s.impacting), 'impacting decisions with customer evidence', `${s.withCustomerEvidence} of ${s.impacting}`)}
  ${kpi('promises', pct(p.complete, p.total), 'promises fully accountable', `${p.complete} of ${p.total} with owner, measure and review`)}
  ${kpi('waivers', t.activeWaivers, t.activeWaivers === 1 ? 'waiver active' : 'waivers active', `${plural(data.waivers.total, 'waiver')} written`)}
</section>
<section class="grid">
${figure('principles', 'Findings per principle', horizontalBars('principles', principleRows, { labelWidth: 220 }),
    `Which customer-centricity principles the log falls short of most. ${legend([['error', 'errors'], ['warning', 'warnings'], ['info', 'info']])}`)}
${figure('rules', 'Findings per rule', horizontalBars('rules', ruleRows, { labelWidth: 240 }),
    `Run <code>standpoint explain RULE</code> for why a rule exists and how to comply. ${legend([['error', 'errors'], ['warning', 'warnings'], ['info', 'info']])}`)}
${figure('standpoint', 'The customer standpoint in impacting decisions', shareBars('standpoint', [
    { key: 'advocate', label: 'Advocate input', count: s.withAdvocate, of: s.impacting },
    { key: 'evidence', label: 'Customer evidence', count: s.withCustomerEvidence, of: s.impacting },
    { key: 'both', label: 'Both', count: s.withBoth, of: s.impacting },
  ]), `Of the ${s.impacting} decisions whose customer impact is direct or indirect: an advocate named, and evidence from customers or the frontline.`)}
${figure('promises', 'Promises that someone can be held to', shareBars('promises', [
    { key: 'owner', label: 'Has an owner', count: p.withOwner, of: p.total },
    { key: 'measure', label: 'Has a measure and target', count: p.withMeasure, of: p.total },
    { key: 'review', label: 'Has a review date', count: p.withReview, of: p.total },
    { key: 'complete', label: 'All three', count: p.complete, of: p.total },
  ]), `${p.total} promises: ${p.inRegister} in the promise register, ${p.inRecords} written out in records (plus ${p.references} references to the register).`)}
${figure('waivers', 'Waivers by expiry', columns('waivers', waiverRows),
    `${plural(data.waivers.total, 'waiver')}. Incomplete and expired waivers waive nothing; the rest expire and must be renewed with a reason.`)}
${figure('months', 'Decisions by month', columns('months', monthRows),
    `Records by decision date${data.undated > 0 ? ` (${data.undated} undated not shown)` : ''}. ${legend([['error', 'with errors'], ['warning', 'warnings only'], ['clean', 'no errors or warnings']])}`)}
</section>
${waiverTable(data)}
<section class="records" aria-label="Records">
  <h2>Records</h2>
  <div class="filters">
    <label>Kind <select id="filter-kind"><option value="">all</option>${kinds.map((k) => `<option value="${esc(k)}">${esc(k)}</option>`).join('')}</select></label>
    <label>Status <select id="filter-status"><option value="">all</option>${statuses.map((k) => `<option value="${esc(k)}">${esc(k)}</option>`).join('')}</select></label>
    <label>Errors <select id="filter-errors"><option value="">all</option><option value="true">with errors</option><option value="false">without errors</option></select></label>
    <label>Search <input id="filter-text" type="search" placeholder="id, title or file"></label>
    <span class="shown">Showing <output id="shown-count">${data.records.length}</output> of ${data.records.length}</span>
  </div>
  <table id="records">
    <thead><tr><th>Record</th><th>Kind</th><th>Status</th><th>Date</th><th>Impact</th><th title="an advocate is named">Advocate</th><th title="evidence from customers or the frontline">Customer evidence</th><th>Promises</th><th>Findings</th></tr></thead>
    <tbody>
${data.records.map((r) => recordRow(r, options.hrefOf)).join('\n')}
    </tbody>
  </table>
</section>
</main>
<footer>Generated by Standpoint ${esc(data.version)}. Numbers come from the same checks as <code>standpoint check</code>.</footer>
<script type="application/json" id="standpoint-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function recordRow(r: RecordRow, hrefOf: (file: string) => string): string {
  const yes = (v: boolean, applies: boolean) => (applies ? (v ? '<span class="yes" title="yes">✓</span>' : '<span class="no" title="no">✗</span>') : '<span class="na" title="not impacting">–</span>');
  const summary = r.total === 0 ? '<span class="ok">none</span>'
    : `<details><summary>${[r.errors && `<span class="sev error">${r.errors} error${r.errors === 1 ? '' : 's'}</span>`, r.warnings && `<span class="sev warning">${r.warnings} warning${r.warnings === 1 ? '' : 's'}</span>`, r.infos && `<span class="sev info">${r.infos} info</span>`].filter(Boolean).join(' ')}</summary><ul>${
      r.findings.map((f) => `<li><span class="sev ${f.severity}">${f.severity}</span> <code>${esc(f.rule)}</code> line ${f.line}: ${esc(f.message)}</li>`).join('')}</ul></details>`;
  const name = r.id || r.title ? `<strong>${esc(r.id)}</strong> ${esc(r.title)}` : '';
  return `      <tr data-kind="${esc(r.kind)}" data-status="${esc(r.status)}" data-has-errors="${r.errors > 0}" data-file="${esc(r.file)}" data-errors="${r.errors}" data-warnings="${r.warnings}" data-infos="${r.infos}">`
    + `<td>${name}<br><a href="${esc(hrefOf(r.file))}">${esc(r.file)}</a></td><td>${esc(r.kind)}</td><td>${esc(r.status)}</td><td class="date">${esc(r.date)}</td><td>${esc(r.impact)}</td>`
    + `<td>${yes(r.advocate, r.impacting)}</td><td>${yes(r.customerEvidence, r.impacting)}</td><td class="num">${r.promises}</td><td>${summary}</td></tr>`;
}

function waiverTable(data: ReportData): string {
  if (data.waivers.list.length === 0) return '';
  return `<section class="waiver-list" aria-label="Waivers"><h2>Waivers</h2><table><thead><tr><th>Expires</th><th>State</th><th>Rule</th><th>Owner</th><th>Record</th></tr></thead><tbody>${
    data.waivers.list.map((w) => `<tr data-bucket="${esc(w.bucket)}"><td>${esc(w.expires || '—')}</td><td>${esc(w.bucket)}</td><td><code>${esc(w.rule)}</code></td><td>${esc(w.owner)}</td><td>${esc(w.file)}</td></tr>`).join('')
  }</tbody></table></section>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function monthLabel(key: string): string {
  const [y, m] = key.split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[m - 1] ?? '?'} ${String(y).slice(2)}`;
}

const CSS = `
:root { --fg: #1d2330; --muted: #5b6474; --bg: #f6f7f9; --card: #fff; --line: #e3e6eb;
  --error: #c62828; --warning: #d98a00; --info: #2f6fba; --clean: #2e7d32; --track: #eceef2; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8ebf0; --muted: #a3abb8; --bg: #14171c; --card: #1d2128; --line: #323844; --track: #2a2f38; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 24px 32px 8px; }
h1 { margin: 0; font-size: 24px; }
h2 { margin: 0 0 10px; font-size: 16px; }
.sub { margin: 4px 0 0; color: var(--muted); }
main { padding: 8px 32px 32px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 12px 0 20px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.kpi-value { font-size: 26px; font-weight: 650; }
.kpi-label { color: var(--muted); }
.kpi-note { font-size: 12px; color: var(--muted); margin-top: 4px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
.chart { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 8px; }
svg text { fill: var(--fg); font-size: 12px; }
svg text.value { fill: var(--muted); }
svg .axis { stroke: var(--line); }
rect.error, .swatch.error { fill: var(--error); background: var(--error); }
rect.warning, .swatch.warning { fill: var(--warning); background: var(--warning); }
rect.info, .swatch.info { fill: var(--info); background: var(--info); }
rect.clean, .swatch.clean { fill: var(--clean); background: var(--clean); }
rect.track { fill: var(--track); }
.legend { white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 8px; vertical-align: -1px; }
.empty { color: var(--muted); }
section.records, section.waiver-list { margin-top: 20px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; margin-bottom: 10px; }
.filters select, .filters input { font: inherit; padding: 3px 6px; color: var(--fg); background: var(--card); border: 1px solid var(--line); border-radius: 4px; }
.shown { color: var(--muted); margin-left: auto; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
td.num { text-align: right; }
td.date { white-space: nowrap; }
#records td:first-child { min-width: 280px; }
#records td:last-child { max-width: 380px; }
a { color: var(--info); }
.yes { color: var(--clean); font-weight: 700; } .no { color: var(--error); font-weight: 700; } .na, .ok { color: var(--muted); }
.sev { font-size: 12px; font-weight: 600; } .sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
details ul { margin: 6px 0 0; padding-left: 18px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; }
`;

const SCRIPT = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#records tbody tr'));
  var kind = document.getElementById('filter-kind');
  var status = document.getElementById('filter-status');
  var errors = document.getElementById('filter-errors');
  var text = document.getElementById('filter-text');
  var shown = document.getElementById('shown-count');
  function apply() {
    var q = text.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!kind.value || row.dataset.kind === kind.value)
        && (!status.value || row.dataset.status === status.value)
        && (!errors.value || row.dataset.hasErrors === errors.value)
        && (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = String(n);
  }
  [kind, status, errors, text].forEach(function (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); });
  apply();
})();
`;
