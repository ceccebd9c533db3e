import { resultOf, type LintResult } from '../core/engine/linter.js';
import type { Project } from '../core/engine/project.js';
import { LintSession, textHash } from '../core/engine/session.js';
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
  const keys = new Map<string, string>();
  if (options.cache) {
    misses = [];
    for (const file of files) {
      const text = project.host.readFile(file);
      if (text === undefined) {
        unreadable.push(file);
        continue;
      }
      const hash = textHash(text);
      const key = options.cache.keyFor(project, file, hash);
      const hit = options.cache.get(file, key);
      if (hit) session.addAnalysis(hit, hash);
      else {
        misses.push(file);
        keys.set(file, key);
      }
    }
  }
  const workers = workerCount(options.concurrency, misses.length);
  if (workers > 0) {
    project.rulesFor(misses[0]);
    const run = await analyseInWorkers(project.options, misses, workers, options.onProgress);
    unreadable.push(...run.unreadable);
    for (const { analysis, hash } of run.items) session.addAnalysis(analysis, hash);
  } else {
    for (const [i, file] of misses.entries()) {
      if (i % 50 === 0) options.onProgress?.(i);
      const text = project.host.readFile(file);
      if (text === undefined) unreadable.push(file);
      else session.setRecord(file, text);
    }
  }
  if (options.cache) {
    for (const file of misses) {
      const analysis = session.analysis(file);
      if (analysis && keys.has(file)) options.cache.set(file, keys.get(file)!, analysis);
    }
    options.cache.retainOnly(new Set(files));
    options.cache.save();
  }
  return resultOf(session, unreadable);
}
