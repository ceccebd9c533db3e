import fs from 'node:fs';
import path from 'node:path';
import { packageVersion } from '../../node/package-paths.js';
import { lintRun, type RunSetup } from '../lint-run.js';
import { reportData, type ReportData } from './data.js';
import { renderHtml } from './html.js';

/** `standpoint report --html OUT.html [PATH...]`: the decision-log scorecard as one self-contained page. */
export function runReport(setup: RunSetup & { html: string }): { file: string; data: ReportData } {
  const { project, result } = lintRun(setup);
  const data = reportData({
    project, files: result.files, findings: result.findings, activeWaivers: result.activeWaivers,
    cwd: setup.cwd, today: setup.today, version: packageVersion(),
  });
  const file = path.resolve(setup.cwd, setup.html);
  const toCwd = path.relative(path.dirname(file), setup.cwd).split(path.sep).join('/');
  const hrefOf = (rel: string) => encodeURI(toCwd ? `${toCwd}/${rel}` : rel).replace(/#/g, '%23').replace(/\?/g, '%3F');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderHtml(data, { hrefOf }));
  return { file, data };
}

/** The line the command prints: where the page is and its headline numbers. */
export function reportSummary(file: string, cwd: string, data: ReportData): string {
  const t = data.totals;
  return `wrote ${path.relative(cwd, file) || file}: ${t.records} records, ${t.errors} errors, ${t.warnings} warnings, ${t.infos} info; `
    + `${data.standpoint.withAdvocate}/${data.standpoint.impacting} impacting decisions with advocate input, `
    + `${data.standpoint.withCustomerEvidence}/${data.standpoint.impacting} with customer evidence\n`;
}
