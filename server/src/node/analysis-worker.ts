import { parentPort, workerData } from 'node:worker_threads';
import { analyseText, ConfigError, openProject, OverlayHost, textHash, type Project } from '../core/index.js';
import { useEnvironmentSnapshot } from './environment.js';
import { NodeHost } from './node-host.js';
import { packFindings } from './packed-findings.js';
import { PROGRESS, type AnalysedItem, type FromWorker, type ToWorker, type WorkerJob } from './parallel.js';
import { RuleSetAtRef } from './rule-set-at-ref.js';

/**
 * A worker thread running the per-document stage on the files it is handed, a few at a
 * time: each batch's analyses go back as one message, which also asks for more. Before
 * each document it writes, into memory the parent shares, how many documents it has started
 * and when it started this one, so the parent can stop it when a document overruns.
 */
useEnvironmentSnapshot();
const port = parentPort!;
const job = workerData as WorkerJob;
const progress = new BigInt64Array(job.progress);
const disk = job.ruleSetAtRef ? RuleSetAtRef.fromParts(job.ruleSetAtRef).host(new NodeHost()) : new NodeHost();
const host = new OverlayHost(disk);
for (const [file, text] of job.buffers ?? []) host.setBuffer(file, text);
let project: Project | undefined;
try {
  project = openProject(host, job.options);
} catch (err) {
  fail(err);
}

port.on('message', (msg: ToWorker) => {
  if (!project) return;
  try {
    for (const [file, text] of msg.buffers ?? []) host.setBuffer(file, text);
    // The thread's one-off set-up (configuration, rules, registries) is no document's time: it is done before the first is timed.
    if (msg.files.length > 0) project.registries(project.rulesFor(msg.files[0]).config);
    const items: AnalysedItem[] = [];
    const unreadable: string[] = [];
    for (const file of msg.files) {
      Atomics.add(progress, PROGRESS.started, 1n);
      Atomics.store(progress, PROGRESS.since, BigInt(Date.now()));
      const text = host.readFile(file);
      if (text === undefined) unreadable.push(file);
      else items.push({ hash: textHash(text), analysis: analyseText(project, file, text).analysis });
      Atomics.store(progress, PROGRESS.since, PROGRESS.idle);
    }
    const packed = job.packFindings ? packFindings(items.map((item) => item.analysis.findings)) : undefined;
    if (packed) for (const item of items) item.analysis.findings = [];
    // As JSON text: parsed back, every string that fits in one byte a character takes one (a value
    // sliced from a text with a single curly quote in it would otherwise take two a character,
    // and so would every message it is part of), and nothing is read back with room to grow.
    post({ kind: 'analyses', items: JSON.stringify(items), ...(packed ? { packed } : {}), unreadable });
  } catch (err) {
    project = undefined;
    fail(err);
  }
});

function post(msg: FromWorker): void {
  port.postMessage(msg);
}

function fail(err: unknown): void {
  if (err instanceof ConfigError) post({ kind: 'config-error', problems: err.problems });
  else post({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  port.close();
}
