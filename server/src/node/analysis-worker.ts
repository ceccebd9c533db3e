import { parentPort, workerData } from 'node:worker_threads';
import { analyseText, ConfigError, openProject, OverlayHost, textHash, type Host, type Project, type ProjectOptions } from '../core/index.js';
import { useEnvironmentSnapshot } from './environment.js';
import type { ToWorker } from './parallel.js';
import { NodeHost } from './node-host.js';

/**
 * A worker thread running the per-document stage on the files it is handed, a few at a
 * time: each batch's analyses go back as one message, which also asks for more.
 */
interface Job {
  options: ProjectOptions;
  /** Unsaved editor buffers (file, text) that win over the disk, when the language server indexes. */
  buffers?: Array<[string, string]>;
}

useEnvironmentSnapshot();
const port = parentPort!;
const { options, buffers } = workerData as Job;
const unreadable: string[] = [];
let project: Project | undefined;
let host: Host | undefined;
try {
  host = buffers ? withBuffers(new NodeHost(), buffers) : new NodeHost();
  project = openProject(host, options);
} catch (err) {
  fail(err);
}

port.on('message', (msg: ToWorker) => {
  if (!project || !host) return;
  if (msg.kind === 'end') {
    port.postMessage({ kind: 'done', unreadable });
    // Nothing more will come: letting go of the port lets the thread end.
    port.close();
    return;
  }
  try {
    const items: unknown[] = [];
    for (const file of msg.files) {
      const text = host.readFile(file);
      if (text === undefined) unreadable.push(file);
      else items.push({ hash: textHash(text), analysis: analyseText(project, file, text).analysis });
    }
    port.postMessage({ kind: 'analyses', items });
  } catch (err) {
    project = undefined;
    fail(err);
  }
});

function fail(err: unknown): void {
  if (err instanceof ConfigError) port.postMessage({ kind: 'config-error', problems: err.problems });
  else port.postMessage({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  port.close();
}

function withBuffers(disk: Host, buffers: Array<[string, string]>): Host {
  const overlay = new OverlayHost(disk);
  for (const [file, text] of buffers) overlay.setBuffer(file, text);
  return overlay;
}
