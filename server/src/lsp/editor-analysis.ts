import { stoppedAnalysis, textHash, type DocumentAnalysis } from '../core/index.js';
import { analysisLimits } from '../node/analysis-limits.js';
import { AnalysisPool, type WorkerJob } from '../node/parallel.js';

export interface EditorAnalysisHooks {
  /** What a fresh analysis thread is started with: the project's options and the open buffers. */
  job(): Omit<WorkerJob, 'progress'>;
  /** An analysis of the newest text asked for (or a stopped document's). */
  deliver(analysis: DocumentAnalysis, hash: string): void;
  /** The thread cannot be used (a configuration error, or it cannot start). */
  failed(err: Error): void;
}

/**
 * Open documents analysed on a thread of their own rather than the server's, where an
 * analysis that overruns its time limit is stopped and reported: the documents too large,
 * or too slow last time, to analyse on the keystroke path. One request per document is in
 * flight; while it is, only the newest text waits, so typing in a large document analyses
 * the latest text next rather than every keystroke in turn.
 */
export class EditorAnalysis {
  private pool: AnalysisPool | undefined;
  /** Per document: the hash of the text being analysed, and the newest text waiting for it. */
  private readonly requests = new Map<string, { hash: string; waiting?: string }>();

  constructor(private readonly hooks: EditorAnalysisHooks) {}

  analyse(file: string, text: string): void {
    const request = this.requests.get(file);
    if (request) {
      request.waiting = text;
      return;
    }
    this.send(file, text);
  }

  /** The project or the registries changed: the thread's view is stale; the next request starts a fresh one. */
  reset(): void {
    this.pool?.stop();
    this.pool = undefined;
    this.requests.clear();
  }

  private send(file: string, text: string): void {
    this.requests.set(file, { hash: textHash(text) });
    this.pool ??= new AnalysisPool({
      job: this.hooks.job(),
      size: 1,
      limits: analysisLimits(),
      onItems: (items) => {
        for (const { analysis, hash } of items) this.answered(analysis.file, analysis, hash);
      },
      // Texts are sent with the request: there is nothing to read.
      onUnreadable: () => undefined,
      onStopped: ({ file: stopped, text: given }, reason) => {
        if (given !== undefined) this.answered(stopped, stoppedAnalysis(stopped, given, reason), textHash(given));
      },
      onFailed: (err) => {
        this.pool = undefined;
        this.requests.clear();
        this.hooks.failed(err);
      },
    });
    this.pool.add([{ file, text }]);
  }

  private answered(file: string, analysis: DocumentAnalysis, hash: string): void {
    const request = this.requests.get(file);
    if (request?.hash !== hash) return;
    this.requests.delete(file);
    if (request.waiting !== undefined) this.send(file, request.waiting);
    else this.hooks.deliver(analysis, hash);
  }
}
