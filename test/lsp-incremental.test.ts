import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { LintSession } from '../server/src/core/engine/session.js';
import { Workspace } from '../server/src/lsp/workspace.js';
import { findings, standpoint, TODAY } from './helpers/cli.js';
import { copySamples, diagnosticKey, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';

/**
 * The language server's shortcuts must not change what it reports: the background index
 * on worker threads, and the workspace stage that regroups only the edited records when
 * their ids and promise ids stay where they were.
 */

const key = diagnosticKey;
const idOf = (text: string) => /^id: (.+)$/m.exec(text)![1].trim();

/**
 * Asks the server for every record's diagnostics and compares them with the CLI's findings
 * for the same workspace with `texts` written over it (the server's unsaved buffers).
 */
async function matchesCli(client: LspClient, ws: string, texts: Record<string, string> = {}): Promise<ReturnType<typeof findings>> {
  const expectedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-lsp-inc-cli-'));
  fs.cpSync(ws, expectedDir, { recursive: true });
  for (const [rel, text] of Object.entries(texts)) fs.writeFileSync(path.join(expectedDir, rel), text);
  const cli = findings(standpoint(['check', expectedDir, '--format', 'json', '--today', TODAY], { cwd: expectedDir }));
  fs.rmSync(expectedDir, { recursive: true, force: true });
  await client.request('workspace/executeCommand', { command: 'standpoint.lintWorkspace', arguments: [] });
  const records = fs.readdirSync(path.join(ws, 'decisions')).map((n) => `decisions/${n}`);
  for (const rel of [...new Set([...records, ...cli.map((f) => f.file)])]) {
    const expected = cli
      .filter((f) => f.file === rel)
      .map((f) => `${f.rule}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
      .sort();
    const got = await client.waitFor(path.join(ws, rel), (d) => d.length === expected.length);
    assert.deepEqual(got.map((d) => key(d.code, d.range)).sort(), expected, rel);
  }
  return cli;
}

type Edit = { kind: 'title' | 'space-id' | 'blank-above-id' | 'hedge' | 'promise-id' | 'retire' | 'unlink' | 'restore' | 'close' } | { kind: 'dup-id'; other: number };

/** One editor change to a record's text; most leave its ids where they were. */
function applyEdit(text: string, disk: string, edit: Edit, ids: string[]): string {
  switch (edit.kind) {
    case 'title':
      return text.replace(/^(title: .*)$/m, '$1x');
    case 'space-id':
      return text.replace(/^id: /m, 'id:  ');
    case 'blank-above-id':
      return text.replace(/^id: /m, '\nid: ');
    case 'hedge':
      return text.replace(/\bwill\b/, 'aim to');
    case 'promise-id':
      return text.replace(/^(\s*-?\s*id: )P-\d+/m, '$1P-01');
    case 'retire':
      // What other records' references read of this one changes (retired records are relied on no more).
      return text.replace(/^status: \w+/m, 'status: withdrawn');
    case 'unlink':
      return text.replace(/^(supersedes|superseded_by|depends_on): .*\n/gm, '');
    case 'dup-id':
      return text.replace(/^id: .*$/m, `id: ${ids[edit.other % ids.length]}`);
    case 'restore':
      return disk;
    case 'close':
      return text;
  }
}

describe('language server: workspace stage reuse', function () {
  this.timeout(120000);
  let ws: string;

  beforeEach(() => {
    ws = copySamples('standpoint-lsp-inc-');
  });

  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('after any sequence of edits, reports exactly what a fresh analysis of the same texts reports', () => {
    const edit: fc.Arbitrary<Edit> = fc.oneof(
      fc.constantFrom<Edit>(
        ...(['title', 'space-id', 'blank-above-id', 'hedge', 'promise-id', 'retire', 'unlink', 'restore', 'close'] as const).map((kind) => ({ kind })),
      ),
      fc.nat(50).map((other): Edit => ({ kind: 'dup-id', other })),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), edit), { minLength: 1, maxLength: 8 }), (steps) => {
        const workspace = new Workspace({ trusted: true, today: TODAY });
        workspace.setFolders([ws]);
        while (workspace.indexSome(1000) > 0);
        const records = workspace.current.session.files.filter((f) => f.includes(`${path.sep}decisions${path.sep}`)).sort();
        const ids = records.map((f) => idOf(fs.readFileSync(f, 'utf8')));
        workspace.results();
        for (const [which, step] of steps) {
          const file = records[which % records.length];
          const disk = fs.readFileSync(file, 'utf8');
          if (step.kind === 'close') workspace.closeBuffer(file);
          else workspace.setBuffer(file, applyEdit(workspace.host.readFile(file)!, disk, step, ids));
          const got = workspace.results();
          // The reference: every document analysed afresh, in the same order, with the same texts.
          const fresh = new LintSession(workspace.current.project);
          for (const f of workspace.current.session.files) fresh.setRecord(f, workspace.host.readFile(f)!);
          const want = fresh.results();
          assert.deepEqual(Object.fromEntries(got.findings), Object.fromEntries(want.byFile), `after ${JSON.stringify(step)} on ${path.basename(file)}`);
          assert.equal(got.summary?.waived, want.waived);
          assert.equal(got.summary?.activeWaivers, want.activeWaivers);
        }
      }),
      { seed: 20261120, numRuns: 12 },
    );
  });
});

describe('language server over stdio: incremental publishing', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspClient;
  const file = (rel: string) => path.join(ws, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');

  beforeEach(() => {
    ws = copySamples('standpoint-lsp-inc-');
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it("updates a record's own findings on edits that keep its ids in place, and the other record's duplicate-id when an id moves", async () => {
    client = new LspClient();
    await client.initialize(ws);
    const a = 'decisions/pol-2026-013-instant-refunds.md';
    const b = 'decisions/lp-2026-014-one-click-reorder.yaml';
    const aText = read(a);
    const duplicate = read(b).replace(/^id: .+$/m, `id: ${idOf(aText)}`);
    await client.open(file(a), aText);
    await client.open(file(b), duplicate);
    const dup = (d: Diagnostic[]) => d.filter((x) => x.code === 'duplicate-id');
    await client.waitFor(file(a), (d) => dup(d).length === 1 && /lp-2026-014-one-click-reorder\.yaml:2\b/.test(dup(d)[0].message));
    const bFirst = await client.waitFor(file(b), (d) => dup(d).length === 1);

    // Same id, one column further right: only b's own range moves.
    await client.change(file(b), duplicate.replace(/^id: /m, 'id:  '), 2);
    const bShifted = await client.waitFor(file(b), (d, v) => v === 2 && dup(d).length === 1);
    assert.equal(dup(bShifted)[0].range.start.character, dup(bFirst)[0].range.start.character + 1);
    assert.equal(dup(bShifted)[0].range.start.line, dup(bFirst)[0].range.start.line);

    // The id moves down a line: a's finding now names b's new line.
    await client.change(file(b), duplicate.replace(/^id: /m, '\nid: '), 3);
    await client.waitFor(file(a), (d) => dup(d).length === 1 && /lp-2026-014-one-click-reorder\.yaml:3\b/.test(dup(d)[0].message));

    // An edit to a's promise wording: a's own finding goes, the duplicate stays on both.
    assert.ok(/aim to/.test(aText));
    await client.change(file(a), aText.replace('aim to', 'will'), 2);
    const aNow = await client.waitFor(file(a), (_d, v) => v === 2);
    assert.deepEqual(
      aNow.filter((x) => x.code === 'promise-hedged'),
      [],
    );
    assert.equal(dup(aNow).length, 1);
    assert.equal(dup(client.current(file(b))!).length, 1);

    // b takes its own id back: the duplicate goes from a too.
    await client.change(file(b), read(b), 4);
    await client.waitFor(file(a), (d) => dup(d).length === 0);
  });

  it('indexes on worker threads with the same findings as the CLI, open buffers winning over the disk, and follows later disk changes', async () => {
    client = new LspClient({ STANDPOINT_INDEX_WORKERS: '2' });
    const indexed = new Promise<{ records: number; workers: number }>((resolve) => client.connection.onNotification('standpoint/indexed', resolve));
    // The promise register as an unsaved buffer: the record that cites P-09 is fine with it, not with the disk.
    const register = `${read('promises.yaml').trimEnd()}\n  - id: P-09\n    promise: Business customers get one invoice a month\n    owner: Sam Lee\n    measure: percentage of business customers who got one invoice a month\n    target: ">= 99%"\n    review: 2027-06-30\n`;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(ws),
      workspaceFolders: [{ uri: uri(ws), name: 'ws' }],
      capabilities: { workspace: { workspaceFolders: true } },
      initializationOptions: { today: TODAY },
    });
    await client.open(file('promises.yaml'), register);
    await client.connection.sendNotification('initialized', {});
    const done = await indexed;
    assert.ok(done.workers > 0, 'indexed on worker threads');
    assert.equal(done.records, fs.readdirSync(file('decisions')).length);

    const cli = await matchesCli(client, ws, { 'promises.yaml': register });
    assert.ok(!cli.some((f) => f.rule === 'promise-ref-resolves' && /P-09/.test(f.message)), 'the buffer resolves P-09');

    // A record changed on disk after the index: its id now clashes with another record's.
    const a = 'decisions/pol-2026-013-instant-refunds.md';
    const b = 'decisions/lp-2026-014-one-click-reorder.yaml';
    fs.writeFileSync(file(b), read(b).replace(/^id: .+$/m, `id: ${idOf(read(a))}`));
    await client.watched(file(b), 2);
    await client.waitFor(file(a), (d) => d.some((x) => x.code === 'duplicate-id'));
  });

  it("starts the worker index again when the config changes under it, and ends with the new config's findings", async () => {
    // Enough records, each with a hedged promise, that the config change lands while the worker is busy.
    const hedged = read('decisions/pol-2026-013-instant-refunds.md');
    for (let i = 0; i < 300; i++) {
      const text = hedged.replace(/^id: .+$/m, `id: POL-2030-${String(i).padStart(3, '0')}`).replace(/^(\s*- id: )P-(\d+)/gm, `$1P-${i}-$2`);
      fs.writeFileSync(file(`decisions/copy-${i}.md`), text);
    }
    client = new LspClient({ STANDPOINT_INDEX_WORKERS: '1' });
    const indexed = new Promise<{ workers: number }>((resolve) => client.connection.onNotification('standpoint/indexed', resolve));
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(ws),
      workspaceFolders: [{ uri: uri(ws), name: 'ws' }],
      capabilities: { workspace: { workspaceFolders: true } },
      initializationOptions: { today: TODAY },
    });
    // The config open in the editor: the worker reads it from the buffer as it was when the index began.
    await client.open(file('.standpoint.yaml'), read('.standpoint.yaml'));
    await client.connection.sendNotification('initialized', {});
    const opened = 'decisions/pol-2026-013-instant-refunds.md';
    await client.open(file(opened), read(opened));
    await client.waitFor(file(opened), (d) => d.some((x) => x.code === 'promise-hedged'));
    const config = `${read('.standpoint.yaml').trimEnd()}\nrules:\n  promise-hedged: off\n`;
    await client.change(file('.standpoint.yaml'), config, 2);
    assert.ok((await indexed).workers > 0, 'indexed on a worker thread');
    const cli = await matchesCli(client, ws, { '.standpoint.yaml': config });
    assert.ok(!cli.some((f) => f.rule === 'promise-hedged'), 'the new config turns promise-hedged off');
  });
});
