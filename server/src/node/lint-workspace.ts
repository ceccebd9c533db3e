import { addFiles, LintSession, resultOf, stoppedAnalysis, textHash, type Finding, type LintResult, type Project } from '../core/index.js';
import { analysisLimits, type AnalysisLimits } from './analysis-limits.js';
import { analysisThread } from './analysis-thread.js';
import type { AnalysisCache, StoredRun } from './cache.js';
import type { ReplayedReport } from './stored-report.js';
import { changedScope, type ChangedScope } from './changed-scope.js';
import { changedSince } from './git.js';
import { NodeHost } from './node-host.js';
import { startWorkers, workerCount, type Concurrency, type WorkerJob } from './parallel.js';
import { ruleSetOfHost } from './rule-set-at-ref.js';

export interface WorkspaceRunOptions {
  /** Worker threads for the per-document stage (default: off, one thread). */
  concurrency?: Concurrency;
  /** Time and memory limits of one document's analysis (default: analysisLimits(), from the environment). */
  limits?: AnalysisLimits;
  /** Reuse analyses of unchanged files. */
  cache?: AnalysisCache;
  /**
   * Report only findings about records changed since this git ref (the whole workspace is
   * still linted). Unless `allFindings` is set (for a caller that matches every finding against
   * a baseline), a run that reuses the cached outcome leaves out findings it does not report.
   */
  changedSince?: { ref: string; cwd: string; allFindings?: boolean };
  onProgress?: (done: number) => void;
  /** From how many documents analysed on threads a one-time run keeps their findings packed (default PACKED_FROM_DOCUMENTS). */
  packFrom?: number;
  /** Called once every document is analysed (or read from the cache), before the workspace stage. */
  onAnalysed?: () => void;
  /**
   * With `cache`, and without `changedSince`: the key of the report the caller makes of the
   * run. A run that reuses the last outcome gives the report stored with it under this key
   * instead of its findings, when there is one.
   */
  report?: string;
}

export interface WorkspaceRun extends LintResult {
  /** Is the finding in what the run reports? Every finding, unless `changedSince` narrows it. */
  inScope: (f: Finding) => boolean;
  /** What the run reports, when narrowed: "records changed since REF". */
  scope?: string;
  /** Something the user should be told about the scope. */
  notice?: string;
  /** The report stored with the reused outcome (see `report`): then `findings` is empty. */
  replay?: ReplayedReport;
}

/**
 * From this many documents analysed, a one-time run keeps their findings packed until it
 * finishes each document. Unpacking them then takes the main thread about 10 µs a document,
 * while the other threads have ended; below this, their findings take under 70 MB as they are.
 */
const PACKED_FROM_DOCUMENTS = 20_000;

/**
 * Lints files as one workspace: the way every command lints. Each document's analysis
 * comes from the cache, from worker threads, or is computed here; then the workspace
 * stage runs once; then the findings are scoped to what changed, when asked.
 */
export async function lintWorkspace(project: Project, files: string[], options: WorkspaceRunOptions = {}): Promise<WorkspaceRun> {
  // git answers while the records are linted; a failure is raised once linting is done.
  const changes = options.changedSince ? changedSince(options.changedSince.ref, options.changedSince.cwd) : undefined;
  changes?.catch(() => undefined);
  // Nothing changed since the last cached run: its outcome stands.
  const { cache } = options;
  const last = cache?.lastRun(project, files);
  const reused = cache && last && (await reusedRun(project, cache, files, last, options, changes));
  if (reused) return reused;
  // The cache stores the analyses once the results are made: only a run without one may let their findings go.
  const session = new LintSession(project, { once: !cache });
  const unreadable: string[] = [];
  const misses = options.cache ? fromCache(options.cache, project, files, session, unreadable) : files;
  // The hash of the text each miss was analysed from, for its cache entry.
  const hashes = new Map<string, string>();
  // Analyses run on worker threads, where one that overruns can be stopped, unless they are too small to overrun.
  const limits = options.limits ?? analysisLimits();
  const found = misses.length > 0 && analysisThread(misses, limits) === 'worker' ? workerJob(project) : undefined;
  // A large one-time run reads each document's findings once, at the end: until then they stay packed.
  const job = found && !cache && misses.length >= (options.packFrom ?? PACKED_FROM_DOCUMENTS) ? { ...found, packFindings: true } : found;
  if (job) {
    const workers = workerCount(options.concurrency ?? 'off', misses.length);
    let analysed = 0;
    const started = startWorkers(job, misses, workers, {
      limits,
      // Into the session as they come: the strings each analysis repeats are shared from the start.
      onItems: (items) => {
        for (const { analysis, hash, packedFindings } of items) {
          session.addAnalysis(analysis, hash, packedFindings);
          hashes.set(analysis.file, hash);
        }
        options.onProgress?.((analysed += items.length));
      },
    });
    // While the threads start, configuration, rule and registry errors are reported from here.
    try {
      project.registries(project.rulesFor(misses[0]).config);
    } catch (err) {
      started.cancel();
      throw err;
    }
    const run = await started.done;
    unreadable.push(...run.unreadable);
    // Reported where they are, and not cached: the next run tries them again.
    for (const { file, reason } of run.stopped) {
      const text = project.host.readFile(file);
      if (text === undefined) unreadable.push(file);
      else session.addAnalysis(stoppedAnalysis(file, text, reason), textHash(text));
    }
  } else {
    unreadable.push(
      ...addFiles(session, project, misses, {
        onProgress: options.onProgress && ((done) => options.onProgress!(done)),
        onText: options.cache && ((file, text) => hashes.set(file, textHash(text))),
      }),
    );
  }
  options.onAnalysed?.();
  const result = resultOf(session, unreadable);
  if (options.cache) store(options.cache, project, session, files, misses, hashes, result);
  return scoped(project, result, options, changes);
}

/** The findings to report: all of them, or those `changedSince` keeps. */
async function scoped(project: Project, result: LintResult, options: WorkspaceRunOptions, changes: ReturnType<typeof changedSince> | undefined): Promise<WorkspaceRun> {
  const { reported } = await scopeOf(project, result.files, options, changes);
  return { ...result, ...reported };
}

/**
 * The last cached run as this run: with the report stored with it, when asked for and whole;
 * else with the findings of the documents that may hold one in scope (or all of them).
 * Undefined when a stored outcome turns out damaged.
 */
async function reusedRun(
  project: Project,
  cache: AnalysisCache,
  files: string[],
  last: StoredRun,
  options: WorkspaceRunOptions,
  changes: ReturnType<typeof changedSince> | undefined,
): Promise<WorkspaceRun | undefined> {
  const settle = () => {
    cache.retainOnly(new Set(files));
    cache.save();
  };
  if (options.report !== undefined && !options.changedSince) {
    // Saved first: a file written afresh holds no report, and the report is read from the file as it is written out.
    settle();
    const replay = cache.storedReport(options.report);
    if (replay) return { ...last.totals, inScope: () => true, replay };
  }
  const { reported, mayHold } = await scopeOf(project, last.totals.files, options, changes);
  const findings = last.findings(options.changedSince?.allFindings ? undefined : mayHold);
  if (!findings) return undefined;
  settle();
  return { ...last.totals, findings, ...reported };
}

/** Which findings the run reports, once git has named what changed, and which documents may hold them. */
async function scopeOf(
  project: Project,
  files: readonly string[],
  options: WorkspaceRunOptions,
  changes: ReturnType<typeof changedSince> | undefined,
): Promise<{ reported: Omit<WorkspaceRun, keyof LintResult>; mayHold?: ChangedScope['mayHold'] }> {
  if (!options.changedSince || !changes) return { reported: { inScope: () => true } };
  const { ref, cwd } = options.changedSince;
  const { mayHold, ...reported } = changedScope(project, files, ref, await changes, cwd);
  return { reported: { ...reported, scope: `records changed since ${ref}` }, mayHold };
}

/**
 * What a worker thread needs to read the project as this thread does: the disk, or the rule
 * set at a git ref over it. A project over any other host stays on this thread.
 */
function workerJob(project: Project): Omit<WorkerJob, 'progress'> | undefined {
  if (project.host instanceof NodeHost) return { options: project.options };
  const ruleSetAtRef = ruleSetOfHost(project.host);
  return ruleSetAtRef ? { options: project.options, ruleSetAtRef } : undefined;
}

/** Adds cached analyses to the session; returns the files that must be analysed. */
function fromCache(cache: AnalysisCache, project: Project, files: string[], session: LintSession, unreadable: string[]): string[] {
  const misses: string[] = [];
  cache.readAnalyses(project, files);
  for (const file of files) {
    const found = cache.lookup(project, file);
    if (found.kind === 'hit') session.addAnalysis(found.analysis, found.hash);
    else if (found.kind === 'miss') misses.push(file);
    else unreadable.push(file);
  }
  return misses;
}

function store(cache: AnalysisCache, project: Project, session: LintSession, files: string[], misses: string[], hashes: Map<string, string>, result: LintResult): void {
  for (const file of misses) {
    const analysis = session.analysis(file);
    const hash = hashes.get(file);
    if (analysis && hash) cache.set(file, analysis, hash);
  }
  cache.storeRun(project, files, session, result);
  cache.retainOnly(new Set(files));
  cache.save();
}
