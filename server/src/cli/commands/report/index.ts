import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { configFlag, type CliContext } from '../../cli-context.js';
import { pathsArgument, withHelp } from '../../help.js';
import { packageVersion } from '../../../node/package-paths.js';
import { lintPaths, type LintSetup } from '../../lint-paths.js';
import { reportData, type ReportData } from './data.js';
import { renderHtml } from './html.js';

/** `standpoint report --html OUT.html [PATH...]`: the decision-log scorecard as one self-contained page. */
export async function runReport(setup: LintSetup & { html: string }): Promise<{ file: string; data: ReportData }> {
  const { project, result } = await lintPaths(setup, { concurrency: 'auto' });
  const data = reportData({
    project,
    files: result.files,
    findings: result.findings,
    activeWaivers: result.activeWaivers,
    cwd: setup.cwd,
    today: setup.today,
    version: packageVersion(),
  });
  const file = path.resolve(setup.cwd, setup.html);
  const toCwd = path.relative(path.dirname(file), setup.cwd).split(path.sep).join('/');
  const hrefOf = (rel: string) =>
    encodeURI(toCwd ? `${toCwd}/${rel}` : rel)
      .replace(/#/g, '%23')
      .replace(/\?/g, '%3F');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderHtml(data, { hrefOf }));
  return { file, data };
}

/** The line the command prints: where the page is and its headline numbers. */
export function reportSummary(file: string, cwd: string, data: ReportData): string {
  const t = data.totals;
  return (
    `wrote ${path.relative(cwd, file) || file}: ${t.records} records, ${t.errors} errors, ${t.warnings} warnings, ${t.infos} info; ` +
    `${data.standpoint.withAdvocate}/${data.standpoint.impacting} impacting decisions with advocate input, ` +
    `${data.standpoint.withCustomerEvidence}/${data.standpoint.impacting} with customer evidence\n`
  );
}

export function registerReport(program: Command, ctx: CliContext): void {
  const command = program
    .command('report')
    .description('write the decision-log scorecard: one self-contained HTML page with charts and a records table')
    .addArgument(pathsArgument('files or folders to include'))
    .requiredOption('--html <file>', 'where to write the page')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all')
    .option('--today <date>', 'the date date rules and waiver expiry treat as today (YYYY-MM-DD)')
    .action(async (paths: string[], opts: { html: string; config: string | boolean; today?: string }) => {
      const { file, data } = await runReport({ paths, cwd: ctx.cwd, today: ctx.today(opts.today), html: opts.html, config: configFlag(opts.config) });
      process.stdout.write(reportSummary(file, ctx.cwd, data));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the page was written (findings do not change the exit code)'],
      [2, 'usage or configuration error'],
    ],
    examples: ['standpoint report --html scorecard.html', 'standpoint report --html site/decisions.html decisions/2026/'],
  });
}
