import os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
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
  items: AnalysedItem[];
  unreadable: string[];
}

export interface AnalysedItem {
  analysis: DocumentAnalysis;
  hash: string;
}

export interface WorkerRunOptions {
  /** Called with each batch of analyses as it arrives. */
  onItems: (items: AnalysedItem[]) => void;
  /** Texts that win over the disk (unsaved editor buffers), as the language server sees them. */
  buffers?: Map<string, string>;
  resourceLimits?: ResourceLimits;
}

export interface WorkerRun {
  /** Resolves with the files that could not be read; rejects on a config error or a failed worker. */
  done: Promise<string[]>;
  /** Stops the workers; `done` then never settles. */
  cancel(): void;
}

/**
 * The worker script next to this module: `analysis-worker.js` in the tsc output, or
 * `analysis-worker.cjs` beside the bundled server (where this code runs from a .cjs file).
 */
export function workerScript(): URL {
  const bundled = import.meta.url.endsWith('.cjs');
  return new URL(bundled ? './analysis-worker.cjs' : './analysis-worker.js', import.meta.url);
}

/**
 * Runs the per-document stage on worker threads, files dealt round-robin so every worker
 * gets a similar mix. Results come back as plain-data analyses; order does not matter
 * because the workspace stage sorts its output.
 */
export function analyseInWorkers(options: ProjectOptions, files: string[], workers: number, onProgress?: (done: number) => void): Promise<ParallelResult> {
  const result: ParallelResult = { items: [], unreadable: [] };
  const run = startWorkers(options, files, workers, {
    onItems: (items) => {
      result.items.push(...items);
      onProgress?.(result.items.length);
    },
  });
  return run.done.then((unreadable) => ({ items: result.items, unreadable }));
}

/** Starts `workers` threads on `files`, streaming analyses back as they are made. */
export function startWorkers(options: ProjectOptions, files: string[], workers: number, run: WorkerRunOptions): WorkerRun {
  const shares: string[][] = Array.from({ length: workers }, () => []);
  files.forEach((f, i) => shares[i % workers].push(f));
  const buffers = run.buffers ? [...run.buffers] : undefined;
  const pool = shares.map((share) => new Worker(workerScript(), { workerData: { options, files: share, buffers }, resourceLimits: run.resourceLimits }));
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const w of pool) void w.terminate();
  };
  const done = new Promise<string[]>((resolve, reject) => {
    const unreadable: string[] = [];
    let running = workers;
    const fail = (err: Error) => {
      if (stopped) return;
      stop();
      reject(err);
    };
    for (const worker of pool) {
      let finished = false;
      worker.on('message', (msg: { kind: string; items?: AnalysedItem[]; unreadable?: string[]; problems?: ConfigProblem[]; message?: string }) => {
        if (stopped) return;
        if (msg.kind === 'analyses') run.onItems(msg.items!);
        else if (msg.kind === 'done') {
          finished = true;
          unreadable.push(...msg.unreadable!);
          if (--running === 0) resolve(unreadable);
        } else if (msg.kind === 'config-error') fail(new ConfigError(msg.problems!));
        else fail(new Error(msg.message));
      });
      worker.on('error', fail);
      // A worker that ends without saying it is done would otherwise leave the run waiting for ever.
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`analysis worker exited with code ${code} before it was done`));
      });
    }
  });
  return { done, cancel: stop };
}
