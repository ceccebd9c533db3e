import { esc, trendLines, type TrendPoint, type TrendSeries } from './charts.js';
import type { ReportData } from './rows.js';
import type { History, HistoryPoint } from './history.js';
import { legend, monthLabel, plural } from './page-parts.js';

const SEVERITY_SERIES: TrendSeries[] = [
  { name: 'total', cls: 'total' },
  { name: 'errors', cls: 'error' },
  { name: 'warnings', cls: 'warning' },
  { name: 'infos', cls: 'info' },
];

/** Findings over time: all principles, then one small chart per principle, then what appeared and went away between points. */
export function historySection(data: ReportData, history: History): string {
  const charts = [
    trendFigure(
      'all',
      'All principles',
      history,
      (p) => p.totals,
      (p) => p.change && { new: p.change.new, resolved: p.change.resolved },
      1100,
    ),
    ...history.principles.map((slug) =>
      trendFigure(
        slug,
        data.principles[slug] ?? slug,
        history,
        (p) => p.byPrinciple && (p.byPrinciple[slug] ?? { errors: 0, warnings: 0, infos: 0, total: 0 }),
        (p) => p.change && (p.change.byPrinciple[slug] ?? { new: 0, resolved: 0 }),
        360,
      ),
    ),
  ];
  const problems = history.points.filter((p) => p.problem);
  return `<section class="history" id="history" aria-label="History">
  <h2>Findings over time</h2>
  <p class="note" id="history-note">${esc(basisText(history))} Each point is the log as committed then: records, registries and configuration read from git, checked with the <strong>current rules</strong> (the built-in rules of Standpoint ${esc(data.version)} and the team's rule files as they are now) and with the point's date as today. A change in the numbers is a change in the records, not in the rules.</p>
  <div class="trend-grid">
${charts.join('\n')}
  </div>
  ${problems.length > 0 ? `<ul class="problems">${problems.map((p) => `<li data-point="${esc(p.key)}">${esc(p.date)} (${esc(p.commit.slice(0, 7))}) could not be checked: ${esc(p.problem!)}</li>`).join('')}</ul>` : ''}
  ${changeTable(data, history)}
</section>`;
}

function basisText(history: History): string {
  const points = history.points;
  const span = points.length > 0 ? ` from ${points[0].date} to ${points[points.length - 1].date}` : '';
  if (history.basis === 'months') return `${plural(points.length, 'month end')}${span} (the current month up to today).`;
  const found = history.commitsFound ?? 0;
  const shown = points.length - 1;
  return `${history.since} and ${plural(found, 'later commit')} that changed records, registries or configuration${found > shown ? ` (${shown} of them shown, evenly spaced)` : ''}${span}.`;
}

function pointLabel(history: History, p: HistoryPoint): string {
  return history.basis === 'months' ? monthLabel(p.date.slice(0, 7)) : p.date.slice(5);
}

function trendFigure(
  id: string,
  title: string,
  history: History,
  countsOf: (p: HistoryPoint) => { errors: number; warnings: number; infos: number; total: number } | undefined,
  changeOf: (p: HistoryPoint) => { new: number; resolved: number } | undefined,
  width: number,
): string {
  const points: TrendPoint[] = history.points.map((p) => {
    const counts = countsOf(p);
    const change = changeOf(p);
    const head = `${p.date} (${p.commit.slice(0, 7)} ${p.subject})`;
    return {
      key: p.key,
      label: pointLabel(history, p),
      values: counts && { total: counts.total, errors: counts.errors, warnings: counts.warnings, infos: counts.infos },
      attrs: { date: p.date, commit: p.commit, ...(change ? { new: change.new, resolved: change.resolved } : {}) },
      title: counts
        ? `${head}: ${plural(counts.total, 'finding')} (${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} info)${change ? `; ${change.new} new, ${change.resolved} resolved` : ''}`
        : `${head}: could not be checked`,
    };
  });
  // A severity with no findings at any point is left out: fewer lines, same information.
  const series = SEVERITY_SERIES.filter((s) => s.name === 'total' || points.some((p) => (p.values?.[s.name] ?? 0) > 0));
  const last = points.filter((p) => p.values).at(-1)?.values?.total;
  return `<figure class="chart trend-chart${id === 'all' ? ' wide' : ''}" data-trend="${esc(id)}"><h3>${esc(title)}${last === undefined ? '' : ` <span class="now">${last} now</span>`}</h3>${trendLines(
    `trend-${id}`,
    points,
    series,
    { width, height: id === 'all' ? 220 : 150 },
  )}${
    id === 'all'
      ? `<figcaption>${legend([
          ['total', 'all findings'],
          ['error', 'errors'],
          ['warning', 'warnings'],
          ['info', 'info'],
        ])}</figcaption>`
      : ''
  }</figure>`;
}

/** Per principle, between each point and the one before: findings that appeared and that went away. */
function changeTable(data: ReportData, history: History): string {
  const points = history.points;
  if (points.length < 2) return '';
  const pairs = points.slice(1).map((p, i) => ({ from: points[i], to: p }));
  const cell = (principle: string, to: HistoryPoint, change: { new: number; resolved: number } | undefined) => {
    if (!to.change) return `<td class="na" data-principle="${esc(principle)}" data-point="${esc(to.key)}">–</td>`;
    const c = change ?? { new: 0, resolved: 0 };
    const text = c.new === 0 && c.resolved === 0 ? '<span class="na">·</span>' : `<span class="new">+${c.new}</span> <span class="resolved">−${c.resolved}</span>`;
    return `<td class="change" data-principle="${esc(principle)}" data-point="${esc(to.key)}" data-new="${c.new}" data-resolved="${c.resolved}">${text}</td>`;
  };
  const head = pairs
    .map(({ from, to }) => `<th title="${esc(`${from.date} → ${to.date}`)}">${esc(pointLabel(history, from))} → ${esc(pointLabel(history, to))}</th>`)
    .join('');
  const rows = [
    `<tr data-principle="all"><th scope="row">All principles</th>${pairs.map(({ to }) => cell('all', to, to.change)).join('')}</tr>`,
    ...history.principles.map(
      (slug) =>
        `<tr data-principle="${esc(slug)}"><th scope="row">${esc(data.principles[slug] ?? slug)}</th>${pairs.map(({ to }) => cell(slug, to, to.change?.byPrinciple[slug])).join('')}</tr>`,
    ),
  ];
  return `<h3>New and resolved findings</h3>
  <div class="scroll"><table id="changes"><thead><tr><th>Principle</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
  <p class="note">+ findings that appeared, − findings that went away since the point before (a finding keeps its identity through line shifts and unrelated edits, as in a baseline).</p>`;
}
