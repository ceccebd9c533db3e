import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentAnalysis } from '../core/engine/analysis.js';
import type { ProjectOptions } from '../core/engine/project.js';
import { ConfigError, type ConfigProblem } from '../core/types.js';

export type Concurrency = 'auto' | 'off' | number;

/** Below this many files a worker's start-up costs more than it saves. */
const MIN_FILES_PER_WORKER = 150;

/** How many workers a run gets: `auto` uses the cores when there are enough files to pay for them. */
export function workerCount(concurrency: Concurrency, files: number): number {
  if (concurrency === 'off') return 0;
  const wanted = concurrency === 'auto' ? Math.min(os.availableParallelism(), 4) : concurrency;
  const worthIt = Math.floor(files / MIN_FILES_PER_WORKER);
  const n = concurrency === 'auto' ? Math.min(wanted, worthIt) : Math.min(wanted, files);
  return n >= 2 ? n : 0;
}

export interface ParallelResult {
  items: Array<{ analysis: DocumentAnalysis; hash: string }>;
  unreadable: string[];
}

/**
 * Runs the per-document stage on worker threads, files dealt round-robin so every worker
 * gets a similar mix. Results come back as plain-data analyses; order does not matter
 * because the workspace stage sorts its output.
 */
export function analyseInWorkers(options: ProjectOptions, files: string[], workers: number, onProgress?: (done: number) => void): Promise<ParallelResult> {
  const shares: string[][] = Array.from({ length: workers }, () => []);
  files.forEach((f, i) => shares[i % workers].push(f));
  const result: ParallelResult = { items: [], unreadable: [] };
  let done = 0;
  return new Promise((resolve, reject) => {
    let running = workers;
    let failed = false;
    const pool = shares.map((share) => new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: { options, files: share } }));
    const stop = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(err);
    };
    for (const worker of pool) {
      worker.on('message', (msg: { kind: string; items?: ParallelResult['items']; unreadable?: string[]; problems?: ConfigProblem[]; message?: string }) => {
        if (msg.kind === 'analyses') {
          result.items.push(...msg.items!);
          done += msg.items!.length;
          onProgress?.(done);
        } else if (msg.kind === 'done') {
          result.unreadable.push(...msg.unreadable!);
          if (--running === 0) resolve(result);
        } else if (msg.kind === 'config-error') stop(new ConfigError(msg.problems!));
        else stop(new Error(msg.message));
      });
      worker.on('error', stop);
    }
  });
}
