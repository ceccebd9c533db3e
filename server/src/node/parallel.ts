import os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ConfigError, type ConfigProblem, type DocumentAnalysis, type ProjectOptions } from '../core/index.js';

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

/** What the dealer sends a worker: files to analyse, or that there are no more. */
export type ToWorker = { kind: 'files'; files: string[] } | { kind: 'end' };

/** What a worker sends back. */
type FromWorker =
  | { kind: 'analyses'; items: AnalysedItem[] }
  | { kind: 'done'; unreadable: string[] }
  | { kind: 'config-error'; problems: ConfigProblem[] }
  | { kind: 'failed'; message: string };

/** Batches each worker holds at once: one being analysed, one waiting, so it never idles on a round trip. */
const IN_FLIGHT = 2;

/**
 * Files per batch: small enough that the workers finish together (records differ in cost:
 * a Markdown record takes several times a YAML one), large enough that messages stay few.
 */
function batchSize(files: number, workers: number): number {
  return Math.max(1, Math.min(32, Math.ceil(files / (workers * 16))));
}

/**
 * Runs the per-document stage on worker threads. Files are dealt a batch at a time to
 * whichever worker asks next, so a worker that drew costly records is not left finishing
 * alone. Results come back as plain-data analyses; order does not matter because the
 * workspace stage sorts its output.
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
  const buffers = run.buffers ? [...run.buffers] : undefined;
  const pool = Array.from({ length: workers }, () => new Worker(workerScript(), { workerData: { options, buffers }, resourceLimits: run.resourceLimits }));
  const size = batchSize(files.length, workers);
  let next = 0;
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
      // The next batch, or once the files have run out, `end` (once, after the worker's last batch).
      let ended = false;
      const more = () => {
        if (ended) return;
        const message: ToWorker = next < files.length ? { kind: 'files', files: files.slice(next, next + size) } : { kind: 'end' };
        ended = message.kind === 'end';
        next += size;
        worker.postMessage(message);
      };
      worker.on('message', (msg: FromWorker) => {
        if (stopped) return;
        if (msg.kind === 'analyses') {
          run.onItems(msg.items);
          more();
        } else if (msg.kind === 'done') {
          finished = true;
          unreadable.push(...msg.unreadable);
          if (--running === 0) resolve(unreadable);
        } else if (msg.kind === 'config-error') fail(new ConfigError(msg.problems));
        else fail(new Error(msg.message));
      });
      worker.on('error', fail);
      // A worker that ends without saying it is done would otherwise leave the run waiting for ever.
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`analysis worker exited with code ${code} before it was done`));
      });
      for (let i = 0; i < IN_FLIGHT; i++) more();
    }
  });
  return { done, cancel: stop };
}
