import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { configFlag, type CliContext } from '../../cli-context.js';
import { GitError, gitTopLevel } from '../../../node/git.js';
import { NodeHost } from '../../../node/node-host.js';
import { pathsArgument, withHelp } from '../../help.js';
import { packageVersion } from '../../../node/package-paths.js';
import { lintPaths, type LintSetup } from '../../lint-paths.js';
import { parseCount, UsageError } from '../../usage-error.js';
import { reportData } from './data.js';
import type { ReportData } from './rows.js';
import { collectHistory, type HistoryRequest } from './history.js';
import { renderHtml } from './html.js';

export interface ReportSetup extends LintSetup {
  html: string;
  history?: HistoryRequest;
  /** Links to files become `BASE/path-from-the-repository-root` (a repository browser's URL). */
  baseUrl?: string;
}

/** `standpoint report --html OUT.html [PATH...]`: the decision-log scorecard as one self-contained page. */
export async function runReport(given: ReportSetup): Promise<{ file: string; data: ReportData }> {
  // git names real paths: the run works from the real folder so paths compare.
  const setup = { ...given, cwd: realFolder(given.cwd) };
  const baseUrl = given.baseUrl === undefined ? undefined : checkedBaseUrl(given.baseUrl);
  const top = repositoryTop(setup.cwd, setup.history);
  const host = new NodeHost();
  const current = await lintPaths(setup, { concurrency: 'auto' }, host);
  const root = top ?? setup.cwd;
  const history = setup.history && top ? await collectHistory(setup, current, setup.history, top) : undefined;
  const data = reportData({
    project: current.project,
    files: current.result.files,
    findings: current.result.findings,
    activeWaivers: current.result.activeWaivers,
    root,
    today: setup.today,
    version: packageVersion(),
    history,
  });
  const file = path.resolve(setup.cwd, setup.html);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderHtml(data, { hrefOf: linker(root, path.dirname(file), baseUrl), ...(baseUrl ? { baseUrl } : {}) }));
  return { file, data };
}

/**
 * Links from the page to a file (given relative to the repository root): under the base
 * URL when one is given, else relative to the page, so they work wherever the page and the
 * repository are together (a CI workspace, a clone).
 */
function linker(root: string, pageDir: string, baseUrl: string | undefined): (rel: string) => string {
  const encode = (p: string) => encodeURI(p).replace(/#/g, '%23').replace(/\?/g, '%3F');
  if (baseUrl) return (rel) => `${baseUrl}/${encode(rel)}`;
  const toRoot = path.relative(pageDir, root).split(path.sep).join('/');
  return (rel) => encode(toRoot ? `${toRoot}/${rel}` : rel);
}

function checkedBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url expects an absolute http or https URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url expects an absolute http or https URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/** The repository's top level; outside git, undefined, which only a history cannot do without. */
function repositoryTop(cwd: string, history: HistoryRequest | undefined): string | undefined {
  try {
    return gitTopLevel(cwd);
  } catch (err) {
    if (!history) return undefined;
    const flag = 'months' in history ? '--months' : '--since';
    throw new GitError(`${flag} reads the history from git, and ${cwd} is not in a git repository${err instanceof GitError ? ` (${err.message})` : ''}`);
  }
}

function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/** The line the command prints: where the page is and its headline numbers. */
export function reportSummary(file: string, cwd: string, data: ReportData): string {
  const t = data.totals;
  const history = data.history ? `; history: ${data.history.points.length} points from ${data.history.points[0]?.date ?? '—'}` : '';
  return (
    `wrote ${path.relative(cwd, file) || file}: ${t.records} records, ${t.errors} errors, ${t.warnings} warnings, ${t.infos} info; ` +
    `${data.standpoint.withAdvocate}/${data.standpoint.impacting} impacting decisions with advocate input, ` +
    `${data.standpoint.withCustomerEvidence}/${data.standpoint.impacting} with customer evidence${history}\n`
  );
}

export function registerReport(program: Command, ctx: CliContext): void {
  const command = program
    .command('report')
    .description('write the decision-log scorecard: one self-contained HTML page with charts, owners, promises and a records table')
    .addArgument(pathsArgument('files or folders to include'))
    .requiredOption('--html <file>', 'where to write the page')
    .option('--months <n>', 'add the history: the log at the end of each of the last N months, read from git')
    .option('--since <ref>', 'add the history: the log at REF and at each later commit that changed records, read from git')
    .option('--base-url <url>', 'link files under this URL (e.g. https://github.com/ORG/REPO/blob/main) instead of relative to the page')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all')
    .option('--today <date>', 'the date date rules and waiver expiry treat as today (YYYY-MM-DD)')
    .action(async (paths: string[], opts: { html: string; config: string | boolean; today?: string; months?: string; since?: string; baseUrl?: string }) => {
      if (opts.months !== undefined && opts.since !== undefined) throw new UsageError('give --months or --since, not both');
      const history: HistoryRequest | undefined =
        opts.months !== undefined ? { months: parseCount(opts.months, '--months') } : opts.since !== undefined ? { since: opts.since } : undefined;
      const { file, data } = await runReport({
        paths,
        cwd: ctx.cwd,
        today: ctx.today(opts.today),
        html: opts.html,
        config: configFlag(opts.config),
        ...(history ? { history } : {}),
        ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
      });
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
