import { parentPort, workerData } from 'node:worker_threads';
import { Project, type ProjectOptions } from '../core/engine/project.js';
import { analyseText, textHash } from '../core/engine/session.js';
import type { Host } from '../core/host.js';
import { ConfigError } from '../core/types.js';
import { OverlayHost } from '../lsp/overlay-host.js';
import { useEnvironmentSnapshot } from './environment.js';
import { NodeHost } from './node-host.js';

/** A worker thread running the per-document stage for its share of the files. */
interface Job {
  options: ProjectOptions;
  files: string[];
  /** Unsaved editor buffers (file, text) that win over the disk, when the language server indexes. */
  buffers?: Array<[string, string]>;
}

const BATCH = 50;
useEnvironmentSnapshot();
const { options, files, buffers } = workerData as Job;
try {
  const host = buffers ? withBuffers(new NodeHost(), buffers) : new NodeHost();
  const project = new Project(host, options);
  let batch: unknown[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    const text = host.readFile(file);
    if (text === undefined) {
      unreadable.push(file);
      continue;
    }
    batch.push({ hash: textHash(text), analysis: analyseText(project, file, text).analysis });
    if (batch.length >= BATCH) {
      parentPort!.postMessage({ kind: 'analyses', items: batch });
      batch = [];
    }
  }
  parentPort!.postMessage({ kind: 'analyses', items: batch });
  parentPort!.postMessage({ kind: 'done', unreadable });
} catch (err) {
  if (err instanceof ConfigError) parentPort!.postMessage({ kind: 'config-error', problems: err.problems });
  else parentPort!.postMessage({ kind: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err) });
}

function withBuffers(disk: Host, buffers: Array<[string, string]>): Host {
  const overlay = new OverlayHost(disk);
  for (const [file, text] of buffers) overlay.setBuffer(file, text);
  return overlay;
}
