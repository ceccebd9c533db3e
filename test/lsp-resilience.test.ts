import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Project } from '../server/src/core/engine/project.js';
import { LintSession } from '../server/src/core/engine/session.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { record, tempWorkspaces, TODAY } from './helpers/cli.js';
import { applyEdits, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';
import { BIN, REPO, RULES_DIR, SAMPLES_DIR, SCHEMAS_DIR } from './helpers/paths.js';
import { nearValid, recordModel, toFlowYaml, toMarkdown, toYaml } from './helpers/record-model.js';

/**
 * The language server under abuse: malformed JSON-RPC, requests about documents it never
 * saw, versions out of order, cancellation, configuration deleted under it, bursts of
 * edits. It answers with proper JSON-RPC errors, keeps serving, and its memory settles.
 */

interface Message {
  id?: number | string | null;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A server driven over raw bytes, for messages no well-behaved client library would send. */
class RawServer {
  readonly process: ChildProcess;
  private buffer = Buffer.alloc(0);
  readonly messages: Message[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor() {
    this.process = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.process.stdout!.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
        if (this.buffer.length < end + 4 + length) break;
        this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message);
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }

  write(bytes: string | Buffer): void {
    this.process.stdin!.write(bytes);
  }

  static frame(body: unknown): string {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
  }

  send(body: unknown): void {
    this.write(RawServer.frame(body));
  }

  async response(id: number, timeoutMs = 10_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.messages.find((m) => m.id === id && m.method === undefined);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response to request ${id}; got ${JSON.stringify(this.messages.map((m) => m.id ?? m.method))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async initialize(root?: string): Promise<void> {
    this.send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { processId: process.pid, rootUri: root ? uri(root) : null, capabilities: {}, initializationOptions: { today: TODAY } },
    });
    await this.response(0, 20_000);
    this.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  }

  /** A request that must be answered: proof that the server still serves. */
  async alive(id: number): Promise<void> {
    this.send({ jsonrpc: '2.0', id, method: 'standpoint/explain', params: { rule: 'promise-hedged' } });
    const res = await this.response(id);
    assert.match(String(res.result), /promise-hedged/);
  }

  async stop(): Promise<number | null> {
    this.send({ jsonrpc: '2.0', id: 'bye', method: 'shutdown' });
    this.send({ jsonrpc: '2.0', method: 'exit' });
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
    if (code === 'timeout') this.process.kill('SIGKILL');
    return code === 'timeout' ? null : code;
  }
}

const isJsonRpcError = (m: Message) =>
  m.error !== undefined && Number.isInteger(m.error.code) && m.error.code <= -32000 && m.error.code >= -32899 && m.error.message.length > 0;

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]);
}

/** Is every line of `before` in `after`, in the same order? */
function keepsLines(before: string, after: string): boolean {
  const rest = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    while (at < rest.length && rest[at] !== line) at++;
    if (at === rest.length) return false;
    at++;
  }
  return true;
}

const engine = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY, configFile: false });
function engineKeys(file: string, text: string): string[] {
  const session = new LintSession(engine);
  session.setRecord(file, text);
  return (session.results().byFile.get(file) ?? []).map((f) => `${f.rule}@${f.line}:${f.column}`).sort();
}
const keys = (d: Diagnostic[]) => d.map((x) => `${x.code}@${x.range.start.line + 1}:${x.range.start.character + 1}`).sort();

describe('language server resilience: malformed JSON-RPC over raw bytes', function () {
  this.timeout(60_000);
  let server: RawServer;
  let id = 100;

  before(async () => {
    server = new RawServer();
    await server.initialize();
    await server.alive(id++);
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const garbage: Array<[string, () => string | Buffer]> = [
    ['a non-numeric Content-Length', () => 'Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"no/such/method"}'],
    ['a header without Content-Length', () => 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a Content-Length longer than the body', () => 'Content-Length: 400\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"no/such/method"}'],
    ['a Content-Length shorter than the body', () => 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":3,"method":"no/such/method"}'],
    ['a header that never ends (16 KB of noise)', () => 'X'.repeat(16 * 1024)],
    ['binary noise', () => Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31 + 7) % 256))],
    ['a body that is not JSON', () => RawServer.frame('{"jsonrpc": "2.0", "id": 4, "method": "no/such/method"')],
    ['a body that is a JSON array', () => RawServer.frame('[1, 2, 3]')],
    ['a body that is JSON but not JSON-RPC', () => RawServer.frame({ hello: 'world' })],
    ['a huge Content-Length (1 TB)', () => 'Content-Length: 1099511627776\r\n\r\n{}'],
  ];

  for (const [name, bytes] of garbage) {
    it(`keeps serving after ${name}`, async () => {
      server.write(bytes());
      await server.alive(id++);
    });
  }

  it('answers an unknown method with MethodNotFound (-32601)', async () => {
    server.send({ jsonrpc: '2.0', id: 900, method: 'no/such/method', params: {} });
    const res = await server.response(900);
    assert.equal(res.error?.code, -32601);
    await server.alive(id++);
  });

  it('answers requests with missing or ill-typed params with a JSON-RPC error or an empty result', async () => {
    const requests = [
      { jsonrpc: '2.0', id: 901, method: 'textDocument/hover', params: null },
      { jsonrpc: '2.0', id: 902, method: 'textDocument/hover', params: { textDocument: { uri: 42 }, position: 'x' } },
      { jsonrpc: '2.0', id: 903, method: 'textDocument/codeAction', params: { textDocument: { uri: 'file:///nope.yaml' } } },
      { jsonrpc: '2.0', id: 904, method: 'textDocument/completion', params: {} },
      { jsonrpc: '2.0', id: 905, method: 'standpoint/explain', params: { rule: { not: 'a string' } } },
      { jsonrpc: '2.0', id: 906, method: 'workspace/executeCommand', params: { command: 'no.such.command', arguments: [1, 2] } },
    ];
    for (const r of requests) server.send(r);
    server.send({ jsonrpc: '2.0', id: 907 }); // a "response" to nothing: ignored
    for (const r of requests) {
      const res = await server.response(r.id);
      assert.ok(isJsonRpcError(res) || res.error === undefined, JSON.stringify(res));
      if (res.error === undefined) assert.ok(res.result === null || Array.isArray(res.result) || typeof res.result !== 'undefined', JSON.stringify(res));
    }
    await server.alive(id++);
  });

  it('ignores notifications about documents it never opened', async () => {
    const ghost = 'file:///nowhere/decisions/ghost.yaml';
    server.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: ghost, version: 7 }, contentChanges: [{ text: 'x' }] } });
    server.send({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: ghost } } });
    server.send({ jsonrpc: '2.0', method: 'textDocument/didSave', params: { textDocument: { uri: ghost } } });
    server.send({
      jsonrpc: '2.0',
      method: 'workspace/didChangeWatchedFiles',
      params: {
        changes: [
          { uri: ghost, type: 3 },
          { uri: 'untitled:x', type: 1 },
        ],
      },
    });
    server.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 123456 } });
    await server.alive(id++);
  });

  it('answers a cancelled request with its result or RequestCancelled (-32800), and keeps serving', async () => {
    const ws = fs.realpathSync(fs.mkdtempSync(path.join(REPO, '..', 'standpoint-cancel-')));
    try {
      fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
      for (let i = 0; i < 150; i++)
        fs.writeFileSync(path.join(ws, 'decisions', `extra-${i}.yaml`), record({ id: `LP-2026-${String(i).padStart(3, '0')}`, promise: 'We aim to refund in a day' }));
      const s = new RawServer();
      await s.initialize(ws);
      s.send({ jsonrpc: '2.0', id: 1, method: 'workspace/executeCommand', params: { command: 'standpoint.lintWorkspace' } });
      s.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 1 } });
      s.send({
        jsonrpc: '2.0',
        id: 2,
        method: 'textDocument/hover',
        params: { textDocument: { uri: uri(path.join(ws, 'decisions/extra-1.yaml')) }, position: { line: 0, character: 0 } },
      });
      s.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 2 } });
      for (const rid of [1, 2]) {
        const res = await s.response(rid, 30_000);
        assert.ok(res.error === undefined || res.error.code === -32800, JSON.stringify(res));
      }
      await s.alive(3);
      assert.equal(await s.stop(), 0);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('language server resilience: documents, versions, configuration', function () {
  this.timeout(120_000);
  const make = tempWorkspaces();
  let client: LspClient;
  const errors: string[] = [];

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `stderr: ${client.stderr.join('')}`);
    assert.deepEqual(errors.splice(0), [], 'a handler failed');
  });

  const start = async (root: string, options: Record<string, unknown> = {}) => {
    client = new LspClient();
    client.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      if (m.type === 1) errors.push(m.message);
    });
    await client.initialize(root, options);
  };

  it('answers feature requests about unopened, missing and non-file documents with empty results', async () => {
    const ws = make({ 'decisions/on-disk.yaml': record({ id: 'LP-2026-010' }) });
    await start(ws);
    const targets = [uri(path.join(ws, 'decisions/on-disk.yaml')), uri(path.join(ws, 'decisions/missing.yaml')), 'untitled:Untitled-1', 'https://example.com/x.yaml'];
    for (const target of targets) {
      const doc = { textDocument: { uri: target } };
      const position = { line: 0, character: 1 };
      assert.equal(await client.request('textDocument/hover', { ...doc, position }), null);
      assert.deepEqual(await client.request('textDocument/completion', { ...doc, position }), []);
      assert.deepEqual(await client.request('textDocument/codeAction', { ...doc, range: { start: position, end: position }, context: { diagnostics: [] } }), []);
      assert.deepEqual(await client.request('textDocument/documentSymbol', doc), []);
      assert.equal(await client.request('textDocument/definition', { ...doc, position }), null);
      assert.deepEqual(await client.request('textDocument/references', { ...doc, position, context: { includeDeclaration: true } }), []);
    }
  });

  it('publishes diagnostics under the very URI the client opened the document with', async () => {
    const ws = make();
    await start(ws);
    for (const name of ['plan (draft) v2+final.yaml', "a~b=c,d;e@f!g$h&i'j.md", 'spaced name .yaml']) {
      const file = path.join(ws, 'decisions', name);
      await client.open(file, name.endsWith('.md') ? '---\nid: X\n---\n# T\n' : 'id: X\n', 1);
      const got = await client.waitFor(file, (_d, v) => v === 1);
      assert.ok(
        got.some((d) => d.code === 'record-kind'),
        `${uri(file)}: ${JSON.stringify(got)}`,
      );
    }
  });

  it('survives didChange versions out of order: serves on, and the newest text wins in the end', async () => {
    const ws = make();
    const file = path.join(ws, 'decisions/r.yaml');
    const base = record({ id: 'LP-2026-020' });
    const hedged = record({ id: 'LP-2026-020', promise: 'We hope to ship the same day' });
    await start(ws);
    await client.open(file, base, 1);
    await client.waitFor(file, (_d, v) => v === 1);
    await client.change(file, hedged, 5);
    await client.change(file, base.replace('owner: Dana Reyes', 'owner: everyone'), 3);
    await client.change(file, hedged, 4);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version: 6 },
      contentChanges: [{ range: { start: { line: 9999, character: 0 }, end: { line: 10000, character: 5 } }, text: '\n# appended past the end\n' }],
    });
    const final = hedged.replace(/\n?$/, '\n') + '# appended past the end\n';
    await client.change(file, final, 7);
    const got = await client.waitFor(file, (_d, v) => v === 7);
    assert.deepEqual(keys(got), engineKeys(file, final));
    assert.ok((await client.request('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 1 } })) !== undefined);
  });

  it('follows a config file deleted mid-session: team rules go, rules it turned off come back', async () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\npeople: people.yaml\nrules:\n  no-diffused-ownership: off\n',
      'people.yaml': 'people:\n  - {id: dana, name: Dana Reyes, function: Product, roles: [product-manager]}\n',
      'policy/rules/no-tbd/rule.yaml':
        "id: no-tbd\nseverity: error\nprinciple: p\ntitle: t\nmessage: No TBD.\nchecks:\n  - kind: assert\n    assert: {not: {path: title, matches: '\\btbd\\b'}}\n    report: title\ndocs: {rationale: r, triggers: t, comply: c}\n",
      'decisions/r.yaml': record({ id: 'LP-2026-030', title: 'TBD' }).replace('owner: Dana Reyes', 'owner: everyone'),
    });
    const file = path.join(ws, 'decisions/r.yaml');
    await start(ws);
    await client.open(file, fs.readFileSync(file, 'utf8'));
    const before = await client.waitFor(file, (d) => d.some((x) => x.code === 'no-tbd'));
    assert.ok(!before.some((d) => d.code === 'no-diffused-ownership'));

    fs.rmSync(path.join(ws, 'people.yaml'));
    await client.watched(path.join(ws, 'people.yaml'), 3);
    fs.rmSync(path.join(ws, 'policy'), { recursive: true });
    await client.watched(path.join(ws, 'policy/rules/no-tbd/rule.yaml'), 3);
    const broken = await client.waitFor(path.join(ws, '.standpoint.yaml'), (d) => d.some((x) => /rule_dirs/.test(x.message)));
    assert.equal(broken[0].code, 'config');

    fs.rmSync(path.join(ws, '.standpoint.yaml'));
    await client.watched(path.join(ws, '.standpoint.yaml'), 3);
    const after = await client.waitFor(file, (d) => d.some((x) => x.code === 'no-diffused-ownership'));
    assert.ok(!after.some((d) => d.code === 'no-tbd' || d.code === 'config'));
    await client.waitFor(path.join(ws, '.standpoint.yaml'), (d) => d.length === 0);
  });

  it('keeps serving through a burst of 500 edits: final diagnostics match the final text, memory settles', async function () {
    this.timeout(300_000);
    const ws = make();
    const file = path.join(ws, 'decisions/burst.md');
    const text = (i: number) =>
      `---\ndecision: launch-plan\nid: LP-2026-040\ntitle: Burst ${i}\nowner: ${i % 3 === 0 ? 'everyone' : 'Dana Reyes'}\n---\n# Burst\n\n## Promises\n- We ${i % 2 === 0 ? 'hope to' : 'will'} refund within ${i} days\n  - owner: Sam Lee\n\n${'Customers asked for faster refunds. '.repeat(i % 50)}\n`;
    await start(ws);
    await client.open(file, text(0), 1);
    await client.waitFor(file, (_d, v) => v === 1);
    const pid = client.pid!;
    let version = 1;
    const burst = async () => {
      const pending: Array<Promise<void>> = [];
      for (let i = 1; i <= 500; i++) pending.push(client.change(file, text(version + i), version + i));
      version += 500;
      const hover = client.request('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 9, character: 5 } });
      await Promise.all(pending);
      await hover;
      const got = await client.waitFor(file, (_d, v) => v === version, 60_000);
      assert.deepEqual(keys(got), engineKeys(file, text(version)));
    };
    const baseline = rssKb(pid);
    await burst();
    const afterFirst = rssKb(pid);
    await burst();
    await burst();
    await new Promise((r) => setTimeout(r, 1000));
    const afterThird = rssKb(pid);
    console.log(
      `      (server RSS: ${Math.round(baseline / 1024)} MB at start, ${Math.round(afterFirst / 1024)} MB after 500 edits, ${Math.round(afterThird / 1024)} MB after 1,500)`,
    );
    assert.ok(afterFirst - baseline < 250 * 1024, `RSS grew by ${afterFirst - baseline} kB in one burst`);
    assert.ok(afterThird - afterFirst < 100 * 1024, `RSS kept growing: ${afterFirst} kB then ${afterThird} kB`);
  });
});

describe('language server resilience: quick fixes never break the record', function () {
  this.timeout(300_000);
  const RUNS = Number(process.env.FUZZ_FIX_RUNS ?? 40);
  const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261120;
  let client: LspClient;
  let ws: string;

  before(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(REPO, '..', 'standpoint-fixes-')));
    fs.mkdirSync(path.join(ws, 'decisions'));
    client = new LspClient();
    await client.initialize(ws);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it(`applies every offered code action to ${RUNS} generated records (seed ${SEED}); each result still parses`, async () => {
    const texts = fc.sample(
      fc.oneof(
        fc.tuple(fc.constant('yaml'), recordModel.map(toYaml)),
        fc.tuple(fc.constant('md'), recordModel.map(toMarkdown)),
        fc.tuple(fc.constant('yaml'), nearValid(recordModel.map(toYaml))),
        fc.tuple(fc.constant('md'), nearValid(recordModel.map(toMarkdown))),
        // Shapes a skeleton must not break: flow collections, a document-end marker, a body ending inside a comment.
        fc.tuple(fc.constant('yaml'), recordModel.map(toFlowYaml)),
        fc.tuple(
          fc.constant('yaml'),
          recordModel.map((m) => `${toYaml(m)}...\n`),
        ),
        fc.tuple(
          fc.constant('md'),
          recordModel.map((m) => `${toMarkdown(m)}\n<!-- notes for the review\n`),
        ),
      ),
      { numRuns: RUNS * 3, seed: SEED },
    );
    type Action = { title: string; edit?: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } };
    let applied = 0;
    let records = 0;
    for (const [i, [ext, text]] of texts.entries()) {
      const file = path.join(ws, 'decisions', `fix-${i}.${ext}`);
      if (parseDocument(file, text).syntax.length > 0) continue;
      if (++records > RUNS) break;
      await client.open(file, text, 1);
      const diags = await client.waitFor(file, (_d, v) => v === 1);
      const requests = [...diags.map((d) => client.codeActions<Action>(file, d)), client.codeActions<Action>(file)];
      for (const actions of await Promise.all(requests)) {
        for (const action of actions) {
          const edits = action.edit?.changes[uri(file)];
          if (!edits) continue;
          const fixed = applyEdits(text, edits);
          const problems = parseDocument(file, fixed).syntax;
          assert.deepEqual(
            problems.map((p) => p.message),
            [],
            `"${action.title}" broke ${file}:\n--- before\n${text}\n--- after\n${fixed}`,
          );
          // Skeletons only insert: every line of the record is still there, in order.
          if (action.title.startsWith('Add ') || action.title.startsWith('Waive '))
            assert.ok(keepsLines(text, fixed), `"${action.title}" removed or changed text in ${file}:\n${fixed}`);
          applied++;
        }
      }
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
    }
    console.log(`      (${applied} code actions applied to ${Math.min(records, RUNS)} records, every result parses)`);
    assert.ok(applied > RUNS, `only ${applied} actions applied`);
  });
});
