import { ConfigError } from '../../core/index.js';
import { NOTIFICATIONS, type IndexedParams } from '../../protocol.js';
import { indexOnWorkers, indexWorkerCount, type WorkerIndex } from '../worker-index.js';
import { describe, type ServerContext } from './context.js';

/** Records indexed in the server thread between two turns of the event loop. */
const SLICE = 25;

/**
 * Indexes the workspace on worker threads (in slices between requests here only when
 * threads cannot be used), then re-lints with the whole index.
 */
export class BackgroundIndex {
  private scheduled = false;
  private workersFailed = false;
  private run: WorkerIndex | undefined;
  private stopped = false;
  private started = 0;
  private threads = 0;

  constructor(private readonly ctx: ServerContext) {}

  start(): void {
    if (this.scheduled || this.stopped || this.ctx.ws().indexing === 0) return;
    this.scheduled = true;
    this.started = performance.now();
    this.threads = 0;
    setImmediate(() => this.next());
  }

  /** At shutdown: no more slices, and the workers are told to stop. */
  stop(): void {
    this.stopped = true;
    this.run?.cancel();
  }

  private next(): void {
    if (this.stopped) return;
    const ws = this.ctx.ws();
    if (ws.indexing === 0) return this.finish();
    const workers = this.workersFailed ? 0 : indexWorkerCount(ws.indexing);
    if (workers === 0) {
      this.ctx.safely('index', () => ws.indexSome(SLICE));
      setImmediate(() => this.next());
      return;
    }
    this.threads = Math.max(this.threads, workers);
    this.run = indexOnWorkers(ws, workers);
    this.run.done.then(
      () => this.next(),
      (err: unknown) => {
        // A broken config or registry is shown like one met here; anything else means workers cannot be used.
        if (err instanceof ConfigError) ws.reportProblems(err.problems);
        else {
          this.workersFailed = true;
          this.ctx.connection.console.error(`standpoint: index on worker threads failed: ${describe(err)}`);
        }
        this.next();
      },
    );
  }

  private finish(): void {
    this.scheduled = false;
    const done: IndexedParams = {
      records: this.ctx.ws().current.session.files.length,
      ms: Math.round(performance.now() - this.started),
      workers: this.threads,
    };
    void this.ctx.connection.sendNotification(NOTIFICATIONS.indexed, done);
    this.ctx.lint();
  }
}
