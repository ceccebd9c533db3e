// Keystroke → diagnostics latency of the language server, the memory of a large workspace
// index, and pull diagnostics over that workspace (what VS Code asks for: every record's
// findings, then only what changed). Drives the bundled server (what VS Code runs) over stdio.
// Usage: npm run bench:lsp [-- --records 10000 --keystrokes 200 --neighbours 0 --only typing|index|pull]
// --neighbours N types in a workspace of N other records (once they are indexed).
// With --only or --neighbours, the results are printed but bench/RESULTS-lsp.md is left as it is.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateRecord, writeWorkspace } from './generate.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 10000);
/** The server as VS Code starts it: Node's and V8's defaults. */
const AS_IT_COMES = { flags: [], env: {} };
const KEYSTROKES = arg('keystrokes', 200);
const NEIGHBOURS = arg('neighbours', 0);
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function startServer(root, capabilities = {}, setup = AS_IT_COMES) {
  const child = spawn(process.execPath, ['--expose-gc', ...setup.flags, path.join(repo, 'dist', 'server.cjs'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, STANDPOINT_TODAY: '2026-11-20', ...setup.env },
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const listeners = new Set();
  connection.onNotification('textDocument/publishDiagnostics', (p) => listeners.forEach((l) => l(p)));
  connection.onRequest('workspace/configuration', () => [{}]);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const rootUri = pathToFileURL(root).toString();
  return {
    child,
    connection,
    async initialize() {
      const t = performance.now();
      await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities,
        initializationOptions: { debounceMs: 0 },
      });
      await connection.sendNotification('initialized', {});
      return performance.now() - t;
    },
    /** Resolves when diagnostics for `uri` at `version` arrive; fails after 30 s. */
    published(uri, version) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(l);
          reject(new Error(`no diagnostics for version ${version} of ${uri} within 30 s`));
        }, 30000);
        const l = (p) => {
          if (p.uri === uri && p.version === version) {
            clearTimeout(timer);
            listeners.delete(l);
            resolve(p);
          }
        };
        listeners.add(l);
      });
    },
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

function rss(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Types `count` characters into the record's title and times each until its diagnostics arrive. */
async function keystrokes(label, bytes, count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-bench-'));
  writeWorkspace(dir, NEIGHBOURS);
  // The generator's size is a target it can fall short of on large records: ask for more until reached.
  let rec = generateRecord(0, { bytes, violations: 1 });
  for (let ask = bytes; rec.text.length < bytes; ask = Math.ceil(ask * 1.05)) rec = generateRecord(0, { bytes: ask, violations: 1 });
  const file = path.join(dir, 'decisions', rec.name);
  fs.writeFileSync(file, rec.text);
  const server = startServer(dir);
  const indexed = new Promise((resolve) => server.connection.onNotification('standpoint/indexed', resolve));
  await server.initialize();
  if (NEIGHBOURS > 0) await indexed;
  const uri = pathToFileURL(file).toString();
  let text = rec.text;
  const opened = server.published(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const titleLine = text.split('\n').findIndex((l) => l.startsWith('title:'));
  let column = text.split('\n')[titleLine].length;
  const times = [];
  for (let v = 2; v < count + 2; v++) {
    const ch = 'abcdefghij'[v % 10];
    text = text
      .split('\n')
      .map((l, i) => (i === titleLine ? l + ch : l))
      .join('\n');
    const done = server.published(uri, v);
    const t = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: titleLine, character: column }, end: { line: titleLine, character: column } }, text: ch }],
    });
    await done;
    times.push(performance.now() - t);
    column++;
  }
  const memory = rss(server.child.pid);
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { label, bytes: rec.text.length, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), ...memory };
}

/**
 * How the index is measured: the server as VS Code starts it, then with less memory held for
 * garbage, each paid for differently. A young generation of 2 MB (V8's own is 16 MB) on the
 * server's thread; with it, analysis threads limited to 1 GB of heap, where V8 grows a heap
 * more cautiously (a document needing more is reported as not checked); and V8's own trade of
 * speed for size.
 */
const INDEX_SETUPS = [
  AS_IT_COMES,
  { flags: ['--max-semi-space-size=2'], env: {} },
  { flags: ['--max-semi-space-size=2'], env: { STANDPOINT_ANALYSIS_MEMORY_MB: '1024' } },
  { flags: ['--optimize-for-size'], env: {} },
];

async function workspaceIndex(records, setup = AS_IT_COMES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-bench-ws-'));
  const bytes = writeWorkspace(dir, records);
  const corpus = path.resolve(repo, '..', 'shared', 'corpus', 'realworld');
  let copied = 0;
  if (fs.existsSync(corpus)) {
    for (const e of fs.readdirSync(corpus, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !/\.(md|ya?ml)$/.test(e.name) || e.parentPath === corpus) continue;
      const target = path.join(dir, 'decisions', 'corpus', path.relative(corpus, path.join(e.parentPath, e.name)));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(e.parentPath, e.name), target);
      copied++;
    }
  }
  const server = startServer(dir, {}, setup);
  const before = rss(server.child.pid);
  const indexed = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('workspace not indexed within 15 minutes')), 15 * 60 * 1000).unref();
    server.connection.onNotification('standpoint/indexed', resolve);
  });
  const started = performance.now();
  const initMs = await server.initialize();
  await indexed;
  const ms = performance.now() - started;
  const heap = await server.connection.sendRequest('standpoint/memory');
  const after = rss(server.child.pid);
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    setup: [...setup.flags, ...Object.entries(setup.env).map(([k, v]) => `${k}=${v}`)].join(', ') || 'as VS Code starts it',
    records,
    corpus: copied,
    bytes,
    indexMs: ms,
    initMs,
    baselineMB: before.rssMB,
    heapMB: heap.heapUsed / 2 ** 20,
    ...after,
  };
}

/**
 * Pull diagnostics over a workspace of `records` records, as VS Code asks for them once the
 * index is done: the first workspace pull (every record with findings), then, after one record
 * changes on disk, the next pull with the result ids the client has (only that record comes back).
 */
async function workspacePull(records) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-bench-pull-'));
  writeWorkspace(dir, records);
  const server = startServer(dir, { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: false } } });
  const indexed = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('workspace not indexed within 15 minutes')), 15 * 60 * 1000).unref();
    server.connection.onNotification('standpoint/indexed', resolve);
  });
  await server.initialize();
  await indexed;
  let t = performance.now();
  const first = await server.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
  const firstMs = performance.now() - t;
  const diagnostics = first.items.reduce((n, i) => n + i.items.length, 0);
  const bytes = JSON.stringify(first).length;
  const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: i.resultId }));
  // One record changes on disk, in a way that changes its findings (a customer impact that is no
  // value of the field): the waiting pull answers with it alone.
  const pending = server.connection.sendRequest('workspace/diagnostic', { previousResultIds });
  const name = fs.readdirSync(path.join(dir, 'decisions')).find((n) => n.endsWith('.yaml'));
  const file = path.join(dir, 'decisions', name);
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(/^customer_impact: .*$/m, 'customer_impact: sometimes');
  if (after === before) throw new Error(`${name} has no customer_impact line to change`);
  fs.writeFileSync(file, after);
  t = performance.now();
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 2 }] });
  const second = await Promise.race([
    pending,
    new Promise((_, reject) => setTimeout(() => reject(new Error('the waiting workspace pull did not answer within a minute of the change')), 60_000).unref()),
  ]);
  const secondMs = performance.now() - t;
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { records, firstMs, items: first.items.length, diagnostics, bytes, secondMs, secondItems: second.items.length };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = load();
const typing =
  ONLY === 'index' || ONLY === 'pull'
    ? []
    : [await keystrokes('5 KB record', 5_000, KEYSTROKES), await keystrokes('400 KB record', 400_000, Math.max(20, Math.floor(KEYSTROKES / 4)))];
const index = [];
if (ONLY !== 'typing' && ONLY !== 'pull') for (const setup of INDEX_SETUPS) index.push(await workspaceIndex(RECORDS, setup));
const pull = ONLY === 'typing' || ONLY === 'index' ? undefined : await workspacePull(RECORDS);

const f = (n) => n.toFixed(1);
const lines = [
  '# Language server benchmark',
  '',
  `Machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, load average ${loadBefore} before and ${load()} after. Written by \`npm run bench:lsp\`.`,
  ...(NEIGHBOURS > 0 ? ['', `Typing in a workspace of ${NEIGHBOURS} other records.`] : []),
  '',
  ...(typing.length === 0
    ? []
    : [
        '## Keystroke → diagnostics published',
        '',
        '| record | size | keystrokes | p50 ms | p95 ms | max ms | server RSS MB |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...typing.map(
          (t, i) =>
            `| ${t.label} | ${(t.bytes / 1000).toFixed(0)} KB | ${i === 0 ? KEYSTROKES : Math.max(20, Math.floor(KEYSTROKES / 4))} | ${f(t.p50)} | ${f(t.p95)} | ${f(t.max)} | ${f(t.rssMB)} |`,
        ),
        '',
      ]),
  ...(index.length === 0
    ? []
    : [
        '## Workspace index',
        '',
        'The same workspace indexed by the server as VS Code starts it, then started to hold less memory: a 2 MB young generation (`node --max-semi-space-size=2`), that with analysis threads limited to 1 GB of heap, and `node --optimize-for-size`.',
        '',
        '| server started with | generated records | corpus files | size MB | initialize answered ms | whole index s | heap after GC MB | RSS after GC MB | peak RSS MB |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...index.map(
          (x) =>
            `| ${x.setup} | ${x.records} | ${x.corpus} | ${f(x.bytes / 1e6)} | ${f(x.initMs)} | ${f(x.indexMs / 1000)} | ${f(x.heapMB)} | ${f(x.rssMB)} | ${f(x.peakMB)} |`,
        ),
        '',
      ]),
  ...(pull === undefined
    ? []
    : [
        '## Workspace pull diagnostics (after the index)',
        '',
        'The first `workspace/diagnostic` lists every record with findings; the next one, sent with the result ids the client has, waits until a record changes and answers with that record alone.',
        '',
        '| records | first pull ms | records listed | diagnostics | response MB | one record changed on disk → answer ms | records in that answer |',
        '|---:|---:|---:|---:|---:|---:|---:|',
        `| ${pull.records} | ${f(pull.firstMs)} | ${pull.items} | ${pull.diagnostics} | ${f(pull.bytes / 1e6)} | ${f(pull.secondMs)} | ${pull.secondItems} |`,
        '',
      ]),
];
if (ONLY === undefined && NEIGHBOURS === 0) fs.writeFileSync(path.join(repo, 'bench', 'RESULTS-lsp.md'), lines.join('\n'));
console.log(lines.join('\n'));
