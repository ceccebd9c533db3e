import { addFiles, LintSession, resultOf, textHash, type Finding, type LintResult, type Project } from '../core/index.js';
import type { AnalysisCache } from './cache.js';
import { changedScope } from './changed-scope.js';
import { changedSince } from './git.js';
import { NodeHost } from './node-host.js';
import { analyseInWorkers, workerCount, type Concurrency } from './parallel.js';

export interface WorkspaceRunOptions {
  /** Worker threads for the per-document stage (default: off). */
  concurrency?: Concurrency;
  /** Reuse analyses of unchanged files. */
  cache?: AnalysisCache;
  /** Report only findings about records changed since this git ref (the whole workspace is still linted). */
  changedSince?: { ref: string; cwd: string };
  onProgress?: (done: number) => void;
}

export interface WorkspaceRun extends LintResult {
  /** Is the finding in what the run reports? Every finding, unless `changedSince` narrows it. */
  inScope: (f: Finding) => boolean;
  /** What the run reports, when narrowed: "records changed since REF". */
  scope?: string;
  /** Something the user should be told about the scope. */
  notice?: string;
}

/**
 * Lints files as one workspace: the way every command lints. Each document's analysis
 * comes from the cache, from worker threads, or is computed here; then the workspace
 * stage runs once; then the findings are scoped to what changed, when asked.
 */
export async function lintWorkspace(project: Project, files: string[], options: WorkspaceRunOptions = {}): Promise<WorkspaceRun> {
  // git answers while the records are linted; a failure is raised once linting is done.
  const changes = options.changedSince ? changedSince(options.changedSince.ref, options.changedSince.cwd) : undefined;
  changes?.catch(() => undefined);
  const session = new LintSession(project);
  const unreadable: string[] = [];
  const misses = options.cache ? fromCache(options.cache, project, files, session, unreadable) : files;
  // The hash of the text each miss was analysed from, for its cache entry.
  const hashes = new Map<string, string>();
  // Worker threads read the disk: a project over another host (a rule set at a git ref) stays on this thread.
  const workers = project.host instanceof NodeHost ? workerCount(options.concurrency ?? 'off', misses.length) : 0;
  if (workers > 0) {
    project.rulesFor(misses[0]);
    const run = await analyseInWorkers(project.options, misses, workers, options.onProgress);
    unreadable.push(...run.unreadable);
    for (const { analysis, hash } of run.items) {
      session.addAnalysis(analysis, hash);
      hashes.set(analysis.file, hash);
    }
  } else {
    unreadable.push(
      ...addFiles(session, project, misses, {
        onProgress: options.onProgress && ((done) => options.onProgress!(done)),
        onText: options.cache && ((file, text) => hashes.set(file, textHash(text))),
      }),
    );
  }
  if (options.cache) store(options.cache, session, files, misses, hashes);
  const result = resultOf(session, unreadable);
  if (!options.changedSince || !changes) return { ...result, inScope: () => true };
  const { ref, cwd } = options.changedSince;
  const scope = changedScope(project, result, ref, await changes, cwd);
  return { ...result, ...scope, scope: `records changed since ${ref}` };
}

/** Adds cached analyses to the session; returns the files that must be analysed. */
function fromCache(cache: AnalysisCache, project: Project, files: string[], session: LintSession, unreadable: string[]): string[] {
  const misses: string[] = [];
  for (const file of files) {
    const found = cache.lookup(project, file);
    if (found.kind === 'hit') session.addAnalysis(found.analysis, found.hash);
    else if (found.kind === 'miss') misses.push(file);
    else unreadable.push(file);
  }
  return misses;
}

function store(cache: AnalysisCache, session: LintSession, files: string[], misses: string[], hashes: Map<string, string>): void {
  for (const file of misses) {
    const analysis = session.analysis(file);
    const hash = hashes.get(file);
    if (analysis && hash) cache.set(file, analysis, hash);
  }
  cache.retainOnly(new Set(files));
  cache.save();
}
