import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConfigError, type AnalysedFinding, type ConfigProblem, type DocumentAnalysis, type ProjectOptions } from '../core/index.js';
import { memoryLimitReason, timeLimitReason, type AnalysisLimits } from './analysis-limits.js';
import { PackedBatch } from './packed-findings.js';
import type { RuleSetParts } from './rule-set-at-ref.js';

export type Concurrency = 'auto' | 'off' | number;

/** Below this many files another worker's start-up costs more than it saves. */
const MIN_FILES_PER_WORKER = 150;

/**
 * How many workers a run gets: `auto` uses the cores when there are enough files to pay for
 * them. Never none while there are files: analyses run on worker threads so that one that
 * overruns can be stopped (`off` means one thread, no parallelism).
 */
export function workerCount(concurrency: Concurrency, files: number): number {
  if (files === 0) return 0;
  if (concurrency === 'off') return 1;
  const wanted = concurrency === 'auto' ? Math.min(os.availableParallelism(), 4) : concurrency;
  const worthIt = Math.floor(files / MIN_FILES_PER_WORKER);
  const n = concurrency === 'auto' ? Math.min(wanted, worthIt) : Math.min(wanted, files);
  return Math.max(1, n);
}

export interface AnalysedItem {
  analysis: DocumentAnalysis;
  hash: string;
  /** With `packFindings`: the analysis's findings, packed until asked for (once); its own `findings` is then empty. */
  packedFindings?: () => AnalysedFinding[];
}

/** What a worker thread is started with. */
export interface WorkerJob {
  options: ProjectOptions;
  /** Texts that win over the disk (unsaved editor buffers), as the language server sees them. */
  buffers?: Array<[string, string]>;
  /** Read configuration and rule files as they were at a git ref (diff-rules' base). */
  ruleSetAtRef?: RuleSetParts;
  /** Send each batch's findings packed (see packed-findings), for a run that reads them once, at its end. */
  packFindings?: boolean;
  /** Shared with the parent: see PROGRESS. */
  progress: SharedArrayBuffer;
}

/** Slots of a worker's progress memory: documents started, and when the one in hand started (ms since the epoch, or idle). */
export const PROGRESS = { started: 0, since: 1, idle: -1n } as const;

/** What the pool sends a worker: files to analyse, with texts that win over the disk. */
export interface ToWorker {
  files: string[];
  buffers?: Array<[string, string]>;
}

/** What a worker sends back. */
export type FromWorker =
  /** `items`: the batch's AnalysedItem[] as JSON text; `packed`: their findings, with `packFindings`. */
  | { kind: 'analyses'; items: string; packed?: Uint8Array; unreadable: string[] }
  | { kind: 'config-error'; problems: ConfigProblem[] }
  | { kind: 'failed'; message: string };

/**
 * The worker script next to this module: `analysis-worker.js` in the tsc output, or
 * `analysis-worker.cjs` beside the bundled server (where this code runs from a .cjs file).
 */
export function workerScript(): URL {
  const bundled = import.meta.url.endsWith('.cjs');
  return new URL(bundled ? './analysis-worker.cjs' : './analysis-worker.js', import.meta.url);
}

/**
 * An analysis thread's young generation. V8's default, 48 MB, costs memory for no faster a
 * run: with 16 MB, checking 10,000 records on two threads took the same CPU time and 50 MB
 * less at the peak, and the language server's index of them 40 MB less. 8 MB saved a little
 * more but took 3 to 10% more time.
 */
const YOUNG_GENERATION_MB = 16;

export interface PoolOptions {
  job: Omit<WorkerJob, 'progress'>;
  /** Threads in the pool. */
  size: number;
  limits: AnalysisLimits;
  /** Analyses, a batch at a time, as they arrive. */
  onItems(items: AnalysedItem[]): void;
  /** Files gone or unreadable when their turn came. */
  onUnreadable(files: string[]): void;
  /** A document whose analysis was stopped (with the text it was given, if any); `reason` completes "its analysis …" (see analysis-limits). */
  onStopped(entry: PoolEntry, reason: string): void;
  /** The pool cannot go on (a configuration error, a thread that cannot start): it has stopped. */
  onFailed(err: Error): void;
}

/** A file to analyse, with the text to analyse when it is not to be read (an editor buffer). */
export interface PoolEntry {
  file: string;
  text?: string;
}

interface Thread {
  worker: Worker;
  progress: BigInt64Array;
  /** Batches sent and not yet answered, oldest first. */
  batches: PoolEntry[][];
  /** Documents of answered batches: with `progress.started`, which document is in hand. */
  answered: number;
  /** Whether it has answered at least one batch (a thread that dies before is broken, not overrun). */
  worked: boolean;
  /** Set when the pool has let go of it (stopped, replaced or finished): later events are ignored. */
  gone: boolean;
}

/** Batches each worker holds at once: one being analysed, one waiting, so it never idles on a round trip. */
const IN_FLIGHT = 2;

/**
 * Threads that run the per-document stage. Files are dealt a batch at a time to whichever
 * thread asks next, so one that drew costly records is not left finishing alone; order does
 * not matter because the workspace stage sorts its output.
 *
 * A document whose analysis overruns its time limit is cut off by stopping its thread; one
 * that makes the thread run out of memory ends it. Either way the document is reported
 * (`onStopped`), the rest of that thread's batches go back to the queue, and a fresh thread
 * takes its place, so every other document is still analysed.
 */
export class AnalysisPool {
  private readonly threads = new Set<Thread>();
  private readonly queue: PoolEntry[] = [];
  private batch = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** Queues files (with texts that win over the disk) and deals them out. */
  add(files: Array<string | PoolEntry>): void {
    if (this.stopped) return;
    for (const f of files) this.queue.push(typeof f === 'string' ? { file: f } : f);
    // Small enough that the threads finish together, large enough that messages stay few.
    this.batch = Math.max(1, Math.min(32, Math.ceil(this.queue.length / (this.options.size * 16))));
    for (const thread of this.threads) this.deal(thread);
  }

  /** Resolves when everything added has been answered (or the pool stopped). */
  idle(): Promise<void> {
    if (this.stopped || this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ends every thread; nothing more is reported. */
  stop(): void {
    this.stopped = true;
    for (const thread of this.threads) this.release(thread);
    this.threads.clear();
    this.queue.length = 0;
    this.tick();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private isIdle(): boolean {
    if (this.queue.length > 0) return false;
    for (const thread of this.threads) if (thread.batches.length > 0) return false;
    return true;
  }

  private spawn(): Thread {
    const shared = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
    const progress = new BigInt64Array(shared);
    progress[PROGRESS.since] = PROGRESS.idle;
    const job: WorkerJob = { ...this.options.job, progress: shared };
    const worker = new Worker(workerScript(), {
      workerData: job,
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.limits.memoryMb,
        maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      },
    });
    const thread: Thread = { worker, progress, batches: [], answered: 0, worked: false, gone: false };
    let error: Error | undefined;
    worker.on('message', (msg: FromWorker) => {
      if (thread.gone) return;
      if (msg.kind === 'analyses') {
        const done = thread.batches.shift()!;
        thread.answered += done.length;
        thread.worked = true;
        if (msg.unreadable.length > 0) this.options.onUnreadable(msg.unreadable);
        this.options.onItems(itemsOf(msg.items, msg.packed));
        this.deal(thread);
        this.checkIdle();
      } else if (msg.kind === 'config-error') this.fail(new ConfigError(msg.problems));
      else this.fail(new Error(msg.message));
    });
    worker.on('error', (err) => {
      error = err;
    });
    worker.on('exit', (code) => {
      if (thread.gone) return;
      const outOfMemory = (error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.lost(
        thread,
        outOfMemory ? memoryLimitReason(this.options.limits) : `its analysis stopped unexpectedly (${error?.message ?? `the analysis thread exited with code ${code}`})`,
      );
    });
    this.threads.add(thread);
    return thread;
  }

  /** Tops the thread up to IN_FLIGHT batches from the queue. */
  private deal(thread: Thread): void {
    while (!thread.gone && thread.batches.length < IN_FLIGHT && this.queue.length > 0) {
      const entries = this.queue.splice(0, this.batch);
      thread.batches.push(entries);
      const buffers = entries.filter((e) => e.text !== undefined).map((e): [string, string] => [e.file, e.text!]);
      const message: ToWorker = { files: entries.map((e) => e.file), ...(buffers.length > 0 ? { buffers } : {}) };
      thread.worker.postMessage(message);
    }
    this.tick();
  }

  /** The document a thread has in hand, if it is working on one, and since when. */
  private inHand(thread: Thread): { entry: PoolEntry; since: number } | undefined {
    const since = Atomics.load(thread.progress, PROGRESS.since);
    if (since === PROGRESS.idle) return undefined;
    const index = Number(Atomics.load(thread.progress, PROGRESS.started)) - thread.answered - 1;
    const entry = thread.batches.flat()[index];
    return entry ? { entry, since: Number(since) } : undefined;
  }

  /** Runs the watchdog while any thread has work, at a fraction of the time limit. */
  private tick(): void {
    const busy = !this.stopped && [...this.threads].some((t) => t.batches.length > 0);
    if (busy && !this.watchdog) {
      const every = Math.max(5, Math.min(250, Math.floor(this.options.limits.documentMs / 4)));
      this.watchdog = setInterval(() => this.watch(), every);
      this.watchdog.unref();
    } else if (!busy && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private watch(): void {
    const now = Date.now();
    for (const thread of [...this.threads]) {
      const hand = this.inHand(thread);
      if (hand && now - hand.since > this.options.limits.documentMs) this.lost(thread, timeLimitReason(this.options.limits));
    }
  }

  /**
   * A thread is stopped or has died: the document in hand is reported, the rest of its work
   * goes back to the front of the queue, and a fresh thread takes its place. A thread that
   * dies with no document in hand before doing any work cannot start: the pool fails.
   */
  private lost(thread: Thread, reason: string): void {
    const hand = this.inHand(thread);
    const rest = thread.batches.flat().filter((e) => e !== hand?.entry);
    this.release(thread);
    this.threads.delete(thread);
    if (!hand && !thread.worked) {
      this.fail(new Error(`an analysis thread could not start: ${reason.replace(/^its analysis /, '')}`));
      return;
    }
    if (hand) this.options.onStopped(hand.entry, reason);
    this.queue.unshift(...rest);
    this.deal(this.spawn());
    this.checkIdle();
  }

  private release(thread: Thread): void {
    thread.gone = true;
    // The worker object lives until its thread has ended: its listeners must not keep the pool,
    // and through it every analysis the run was handed, alive meanwhile.
    const { worker } = thread;
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    void worker.terminate();
  }

  private fail(err: Error): void {
    if (this.stopped) return;
    this.stop();
    this.options.onFailed(err);
  }

  private checkIdle(): void {
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** A batch's items as the thread sent them, each with its packed findings, if any. */
function itemsOf(text: string, packed: Uint8Array | undefined): AnalysedItem[] {
  const items = JSON.parse(text) as AnalysedItem[];
  if (packed) {
    const batch = new PackedBatch(packed, items.length);
    items.forEach((item, i) => (item.packedFindings = () => batch.take(i)));
  }
  return items;
}

export interface ParallelResult {
  unreadable: string[];
  /** Documents whose analysis was stopped, and why. */
  stopped: Array<{ file: string; reason: string }>;
}

export interface WorkerRunOptions {
  limits: AnalysisLimits;
  /** Called with each batch of analyses as it arrives (the run does not keep them). */
  onItems: (items: AnalysedItem[]) => void;
  onStopped?: (file: string, reason: string) => void;
}

export interface WorkerRun {
  /** Resolves when every file is answered; rejects on a configuration error or a thread that cannot start. */
  done: Promise<ParallelResult>;
  /** Stops the threads; `done` then never settles. */
  cancel(): void;
}

/** Analyses `files` on `workers` threads, once each, and ends the threads. */
export function startWorkers(job: Omit<WorkerJob, 'progress'>, files: string[], workers: number, run: WorkerRunOptions): WorkerRun {
  const result: ParallelResult = { unreadable: [], stopped: [] };
  let pool: AnalysisPool | undefined;
  let cancelled = false;
  const done = new Promise<ParallelResult>((resolve, reject) => {
    pool = new AnalysisPool({
      job,
      size: workers,
      limits: run.limits,
      onItems: run.onItems,
      onUnreadable: (list) => result.unreadable.push(...list),
      onStopped: ({ file }, reason) => {
        result.stopped.push({ file, reason });
        run.onStopped?.(file, reason);
      },
      onFailed: reject,
    });
    pool.add(files);
    void pool.idle().then(() => {
      pool!.stop();
      // After a failure `done` has already rejected; after cancel it never settles.
      if (!cancelled) resolve(result);
    });
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      pool?.stop();
    },
  };
}
