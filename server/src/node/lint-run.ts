import { LintSession, resultOf, textHash, type LintResult, type Project } from '../core/index.js';
import type { AnalysisCache } from './cache.js';
import { analyseInWorkers, workerCount, type Concurrency } from './parallel.js';

export interface RunOptions {
  concurrency: Concurrency;
  cache?: AnalysisCache;
  onProgress?: (done: number) => void;
}

/**
 * Lints files as one workspace, taking each document's analysis from the cache, from
 * worker threads, or computing it here, then runs the workspace stage once.
 */
export async function lintWorkspace(project: Project, files: string[], options: RunOptions): Promise<LintResult> {
  const session = new LintSession(project);
  const unreadable: string[] = [];
  let misses = files;
  if (options.cache) {
    misses = [];
    for (const file of files) {
      const found = options.cache.lookup(project, file);
      if (found.kind === 'hit') session.addAnalysis(found.analysis, found.hash);
      else if (found.kind === 'miss') misses.push(file);
      else unreadable.push(file);
    }
  }
  // The hash of the text each miss was analysed from, for its cache entry.
  const hashes = new Map<string, string>();
  const workers = workerCount(options.concurrency, misses.length);
  if (workers > 0) {
    project.rulesFor(misses[0]);
    const run = await analyseInWorkers(project.options, misses, workers, options.onProgress);
    unreadable.push(...run.unreadable);
    for (const { analysis, hash } of run.items) {
      session.addAnalysis(analysis, hash);
      hashes.set(analysis.file, hash);
    }
  } else {
    for (const [i, file] of misses.entries()) {
      if (i % 50 === 0) options.onProgress?.(i);
      const text = project.host.readFile(file);
      if (text === undefined) unreadable.push(file);
      else {
        session.setRecord(file, text);
        if (options.cache) hashes.set(file, textHash(text));
      }
    }
  }
  if (options.cache) {
    for (const file of misses) {
      const analysis = session.analysis(file);
      const hash = hashes.get(file);
      if (analysis && hash) options.cache.set(file, analysis, hash);
    }
    options.cache.retainOnly(new Set(files));
    options.cache.save();
  }
  return resultOf(session, unreadable);
}
