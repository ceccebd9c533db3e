import os from 'node:os';
import { analysisLimits } from '../node/analysis-limits.js';
import { startWorkers, type WorkerRun } from '../node/parallel.js';
import type { Workspace } from './workspace.js';

/** Above this many records a second thread pays for itself. */
const MIN_RECORDS_PER_EXTRA_WORKER = 200;
/**
 * Worker threads for indexing `records` records: one, where an analysis that overruns can be
 * stopped, and a second for large workspaces when there is a core to spare for it (one is left
 * to the editor's requests). `STANDPOINT_INDEX_WORKERS` overrides the count; 0 indexes in the
 * server thread, with no time limit per document.
 */
export function indexWorkerCount(records: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.STANDPOINT_INDEX_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced.trim())) return Math.min(Number(forced), 8);
  if (records === 0) return 0;
  if (records < MIN_RECORDS_PER_EXTRA_WORKER) return 1;
  return Math.max(1, Math.min(os.availableParallelism() - 1, 2));
}

export interface WorkerIndex {
  /** Resolves when the records handed out are back (or went stale); rejects when the workers fail. */
  done: Promise<void>;
  cancel(): void;
}

/**
 * Indexes the workspace's pending records on worker threads. Parsing thousands of files makes
 * garbage that would otherwise grow the server's heap for good; in a worker it goes when the
 * thread exits, and only the plain-data analyses come back. The workers read the same open
 * buffers as the server, so their analyses equal those made here; a record whose analysis
 * overruns is reported as stopped and the others are still indexed.
 */
export function indexOnWorkers(workspace: Workspace, workers: number): WorkerIndex {
  const { files, epoch, buffers } = workspace.takePending();
  let run: WorkerRun | undefined;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = resolve;
    if (files.length === 0) return resolve();
    // The index reads each record once: nothing to remember between edits there.
    run = startWorkers({ options: { ...workspace.current.project.options, followsEdits: false }, buffers: [...buffers] }, files, Math.min(workers, files.length), {
      limits: analysisLimits(),
      onItems: (items) => {
        if (workspace.isCurrent(epoch)) workspace.addIndexed(items, epoch);
        else stop();
      },
      onStopped: (file, reason) => workspace.addStopped(file, reason, epoch),
    });
    run.done.then(
      ({ unreadable }) => {
        workspace.settleHandOut(epoch, unreadable);
        resolve();
      },
      (err: unknown) => {
        workspace.settleHandOut(epoch);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
  // A rebuild or registry change made these analyses stale: the workspace queued the records again.
  const stop = () => {
    run?.cancel();
    workspace.settleHandOut(epoch);
    settle();
  };
  return { done, cancel: stop };
}
