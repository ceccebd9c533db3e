import path from 'node:path';
import { ConfigError, findingKey, type Finding } from '../../../core/index.js';
import { commitAt, commitBefore, commitsTouching, verifyRef, type CommitInfo } from '../../../node/git.js';
import { BlobStore, GitTreeHost } from '../../../node/git-tree-host.js';
import { projectOptions } from '../../../node/open-project.js';
import { findingText } from '../../baseline-file.js';
import { relativePath } from '../../formatters/relative-path.js';
import { lintPaths, type LintSetup, type PathsRun } from '../../lint-paths.js';
import { UsageError } from '../../usage-error.js';
import type { SeverityCounts } from './rows.js';

/** `--months N` (month ends) or `--since REF` (commits that touched records). */
export type HistoryRequest = { months: number } | { since: string };

/** Most months `--months` goes back. */
export const MAX_MONTHS = 60;
/** Most commits `--since` checks; more are thinned out evenly, keeping the first and the last. */
export const MAX_COMMIT_POINTS = 24;

export type RecordState = 'error' | 'warning' | 'clean';

export interface HistoryPoint {
  /** Unique on the page: the date for month ends, the date and short commit id for commits. */
  key: string;
  /** YYYY-MM-DD: the month's end (today for the current month) or the commit's date; the snapshot's "today". */
  date: string;
  commit: string;
  subject: string;
  /** Record files checked (registries not counted). */
  records?: number;
  totals?: SeverityCounts;
  byPrinciple?: Record<string, SeverityCounts>;
  /** Findings that appeared and that went away since the previous point that could be checked. */
  change?: { new: number; resolved: number; byPrinciple: Record<string, { new: number; resolved: number }> };
  /** Each record's state (path relative to the repository root). */
  states?: Record<string, RecordState>;
  /** Why the point could not be checked: its configuration did not load. */
  problem?: string;
}

export interface History {
  basis: 'months' | 'since';
  /** The ref `--since` named. */
  since?: string;
  /** Commits after `since` that touched records, configuration or registries, before thinning out. */
  commitsFound?: number;
  points: HistoryPoint[];
  /** Principles with findings at any point: most findings at the last point first. */
  principles: string[];
}

/**
 * The log's history: at each point, the records, registries and configuration as they were
 * in git (read from objects: nothing checked out, nothing run), checked with the rules of
 * this run (the built-in rules and the team's rule files as they are now) and with that
 * point's date as today, the same way `check` would have, had it run then with today's rules.
 */
export async function collectHistory(setup: LintSetup, current: PathsRun, request: HistoryRequest, top: string): Promise<History> {
  const points = 'months' in request ? monthPoints(request.months, setup.today, top) : commitPoints(request.since, setup, current, top);
  const options = projectOptions(setup);
  const teamDirs = [...new Set(current.result.files.flatMap((f) => current.project.teamRuleDirs(current.project.configFor(f))))];
  const fromDisk = [options.builtinRulesDir, options.schemasDir, options.compiledRulesFile, options.compiledSchemasDir, ...teamDirs].filter((p): p is string =>
    Boolean(p),
  );
  const blobs = new BlobStore(top);
  const relative = (file: string) => relativePath(top, file);
  let previous: Map<string, { principle: string; count: number }> | undefined;
  for (const point of points.list) {
    const host = new GitTreeHost(point.commit, top, current.project.host, { fromDisk, blobs });
    let run: PathsRun;
    try {
      run = await lintPaths(
        { ...setup, today: point.date, extraRuleDirs: [...(setup.extraRuleDirs ?? []), ...teamDirs] },
        // The records' texts are read from git in one request once they are known.
        (files) => {
          host.prefetch(files);
          return {};
        },
        host,
      );
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      point.problem = err.problems.map((p) => `${relative(path.resolve(setup.cwd, p.file))}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`).join('; ');
      continue;
    }
    const findings = run.result.findings;
    const records = run.result.files.filter((f) => !run.project.isRegistry(f));
    point.records = records.length;
    point.totals = severityCounts(findings);
    point.byPrinciple = Object.fromEntries([...new Set(findings.map((f) => f.principle))].map((p) => [p, severityCounts(findings.filter((f) => f.principle === p))]));
    point.states = Object.fromEntries(records.map((file) => [relative(file), stateOf(findings.filter((f) => f.file === file))]));
    const keys = keyCounts(findings, relative, findingText(host));
    if (previous) point.change = compare(previous, keys);
    previous = keys;
  }
  return {
    basis: 'months' in request ? 'months' : 'since',
    ...('since' in request ? { since: request.since, commitsFound: points.found } : {}),
    points: points.list,
    principles: principlesOf(points.list),
  };
}

/** The end of each of the last `months` months, the current one ending today, at the commit HEAD was then (first parent). */
function monthPoints(months: number, today: string, top: string): { list: HistoryPoint[]; found?: number } {
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw new UsageError(`--months expects a whole number from 1 to ${MAX_MONTHS}, got ${months}`);
  verifyRef('HEAD', top);
  const [year, month] = today.split('-').map(Number);
  const list: HistoryPoint[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const end = new Date(Date.UTC(year, month - back, 0)).toISOString().slice(0, 10);
    const date = end < today ? end : today;
    const commit = commitBefore('HEAD', Date.parse(`${date}T23:59:59Z`) / 1000, top);
    // Months before the first commit have no point.
    if (commit) list.push(point(date, date, commit));
  }
  return { list };
}

/**
 * `since` itself, then each first-parent commit after it that touched what is checked: the
 * paths given, and the configuration files and registries that apply to them now.
 */
function commitPoints(since: string, setup: LintSetup, current: PathsRun, top: string): { list: HistoryPoint[]; found: number } {
  const base = commitAt(since, top);
  const configs = [...new Set(current.result.files.map((f) => current.project.configFor(f)))];
  const watched = [
    ...setup.paths.map((p) => path.resolve(setup.cwd, p)),
    ...configs.flatMap((c) => [...c.files, c.people, c.promises]).filter((f): f is string => Boolean(f)),
  ];
  const specs = [...new Set(watched.map((p) => path.relative(top, p).split(path.sep).join('/')).filter((p) => !p.startsWith('..') && !path.isAbsolute(p)))];
  const found = commitsTouching(since, 'HEAD', top, specs);
  const commits = thinOut([base, ...found.filter((c) => c.sha !== base.sha)], MAX_COMMIT_POINTS);
  return { list: commits.map((c) => point(`${c.date} ${c.sha.slice(0, 7)}`, c.date, c)), found: found.length };
}

function point(key: string, date: string, commit: CommitInfo): HistoryPoint {
  return { key, date, commit: commit.sha, subject: commit.subject };
}

/** At most `max` items, evenly spaced, the first and the last kept. */
export function thinOut<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, k) => items[Math.round((k * (items.length - 1)) / (max - 1))]);
}

function severityCounts(findings: readonly Finding[]): SeverityCounts {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.filter((f) => f.severity === 'info').length;
  return { errors, warnings, infos, total: errors + warnings + infos };
}

function stateOf(findings: readonly Finding[]): RecordState {
  return findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'clean';
}

/** Findings by their stable key (the one baselines use): line shifts, unrelated edits and a change of severity leave a finding the same finding. */
function keyCounts(findings: readonly Finding[], relative: (file: string) => string, textOf: (f: Finding) => string): Map<string, { principle: string; count: number }> {
  const out = new Map<string, { principle: string; count: number }>();
  for (const f of findings) {
    const key = findingKey(f, relative, textOf);
    const entry = out.get(key) ?? { principle: f.principle, count: 0 };
    entry.count++;
    out.set(key, entry);
  }
  return out;
}

function compare(
  before: Map<string, { principle: string; count: number }>,
  after: Map<string, { principle: string; count: number }>,
): NonNullable<HistoryPoint['change']> {
  const change: NonNullable<HistoryPoint['change']> = { new: 0, resolved: 0, byPrinciple: {} };
  const add = (principle: string, kind: 'new' | 'resolved', n: number) => {
    if (n <= 0) return;
    const entry = (change.byPrinciple[principle] ??= { new: 0, resolved: 0 });
    entry[kind] += n;
    change[kind] += n;
  };
  for (const [key, { principle, count }] of after) add(principle, 'new', count - (before.get(key)?.count ?? 0));
  for (const [key, { principle, count }] of before) add(principle, 'resolved', count - (after.get(key)?.count ?? 0));
  return change;
}

function principlesOf(points: readonly HistoryPoint[]): string[] {
  const checked = points.filter((p) => p.byPrinciple);
  const last = checked.at(-1)?.byPrinciple ?? {};
  const most = (p: string) => Math.max(0, ...checked.map((c) => c.byPrinciple![p]?.total ?? 0));
  const all = [...new Set(checked.flatMap((p) => Object.keys(p.byPrinciple!)))];
  return all.sort((a, b) => (last[b]?.total ?? 0) - (last[a]?.total ?? 0) || most(b) - most(a) || a.localeCompare(b));
}
