// Pull diagnostics over the protocol (LSP 3.17): `textDocument/diagnostic` and
// `workspace/diagnostic` with result ids, and no push to a client that pulls.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, standpoint, TODAY } from './helpers/cli.js';
import { copySamples, diagnosticKey, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';

type Full = { kind: 'full'; resultId?: string; items: Diagnostic[] };
type Unchanged = { kind: 'unchanged'; resultId: string };
type WorkspaceItem = (Full | Unchanged) & { uri: string; version: number | null };

/** What a pulling client (VS Code) says at initialize. */
const PULL = { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } };
const REFRESH = { diagnostics: { refreshSupport: true } };

describe('language server: pull diagnostics', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspClient;
  let pushed: string[];
  let refreshes: number;
  let indexed: Promise<unknown>;
  const file = (rel: string) => path.join(ws, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const cliKeys = (rel: string) =>
    findings(standpoint(['check', ws, '--format', 'json', '--today', TODAY], { cwd: ws }))
      .filter((f) => f.file === rel)
      .map((f) => `${f.rule}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
      .sort();
  const keys = (items: Diagnostic[]) => items.map((d) => diagnosticKey(d.code, d.range)).sort();
  const pullDocument = (rel: string, previousResultId?: string) =>
    client.request<Full | Unchanged>('textDocument/diagnostic', { textDocument: { uri: uri(file(rel)) }, ...(previousResultId ? { previousResultId } : {}) });

  beforeEach(async () => {
    ws = copySamples('standpoint-lsp-pull-');
    client = new LspClient();
    pushed = [];
    refreshes = 0;
    client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      pushed.push(p.uri);
    });
    indexed = new Promise((resolve) => client.connection.onNotification('standpoint/indexed', resolve));
    client.connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
    const init = await client.initialize(ws, {}, REFRESH, PULL);
    assert.deepEqual((init.capabilities as { diagnosticProvider?: unknown }).diagnosticProvider, {
      identifier: 'standpoint',
      interFileDependencies: true,
      workspaceDiagnostics: true,
    });
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('answers a document pull with the CLI findings and a result id, then "unchanged" until the text changes', async () => {
    const rel = 'decisions/pol-2026-013-instant-refunds.md';
    const text = read(rel);
    await client.open(file(rel), text);
    const first = (await pullDocument(rel)) as Full;
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId, 'a result id');
    assert.deepEqual(keys(first.items), cliKeys(rel));
    assert.deepEqual(
      first.items.map((d) => d.code),
      ['promise-hedged'],
    );

    assert.deepEqual(await pullDocument(rel, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // An edit that changes nothing Standpoint reports keeps the result id: still unchanged.
    await client.change(file(rel), text.replace('# ', '#  '), 2);
    assert.deepEqual(await pullDocument(rel, first.resultId), { kind: 'unchanged', resultId: first.resultId });

    await client.change(file(rel), text.replace(/aim to /g, ''), 3);
    const after = (await pullDocument(rel, first.resultId)) as Full;
    assert.equal(after.kind, 'full');
    assert.notEqual(after.resultId, first.resultId);
    assert.deepEqual(after.items, []);
    assert.deepEqual(pushed, [], 'nothing is pushed to a client that pulls');
  });

  it('lists every record in a workspace pull, then answers only what changed, waiting for a change when nothing did', async () => {
    const cli = findings(standpoint(['check', ws, '--format', 'json', '--today', TODAY], { cwd: ws }));
    await indexed;
    const first = await client.request<{ items: WorkspaceItem[] }>('workspace/diagnostic', { previousResultIds: [] });
    // Records with findings, none of them open: a closed record's findings without "Check all".
    const got = first.items
      .flatMap((i) => (i.kind === 'full' ? i.items.map((d) => `${path.relative(ws, new URL(i.uri).pathname)}|${diagnosticKey(d.code, d.range)}`) : []))
      .sort();
    const want = cli.map((f) => `${f.file}|${f.rule}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`).sort();
    assert.deepEqual(got, want);
    assert.ok(first.items.every((i) => i.kind === 'full' && i.resultId && i.version === null));
    assert.equal(first.items.length, new Set(cli.map((f) => f.file)).size, 'records without findings are not listed to a client that has none for them');

    // Asked again with the result ids it has: nothing changed, so the answer waits.
    const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
    let answered = false;
    const second = client.request<{ items: WorkspaceItem[] }>('workspace/diagnostic', { previousResultIds }).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(answered, false, 'an unchanged workspace costs nothing: the pull waits');

    // A closed record changes on disk: only it is in the answer.
    const rel = 'decisions/lp-2026-014-one-click-reorder.yaml';
    fs.writeFileSync(file(rel), read(rel).replace('promise: Reorders placed by 8pm arrive', 'promise: Reorders placed by 8pm should arrive'));
    await client.watched(file(rel), 2);
    const changed = await second;
    assert.deepEqual(
      changed.items.map((i) => [path.relative(ws, new URL(i.uri).pathname), i.kind, i.kind === 'full' ? i.items.map((d) => d.code) : []]),
      [[rel, 'full', ['promise-hedged']]],
    );
    // And a record whose findings go away is sent once more, empty.
    const hedged = 'decisions/pol-2026-013-instant-refunds.md';
    fs.writeFileSync(file(hedged), read(hedged).replace(/aim to /g, ''));
    await client.watched(file(hedged), 2);
    const ids = [...previousResultIds.filter((p) => !p.uri.endsWith(rel)), ...changed.items.map((i) => ({ uri: i.uri, value: i.resultId! }))];
    const third = await client.request<{ items: WorkspaceItem[] }>('workspace/diagnostic', { previousResultIds: ids });
    assert.deepEqual(
      third.items.map((i) => [path.relative(ws, new URL(i.uri).pathname), i.kind === 'full' ? i.items.length : -1]),
      [[hedged, 0]],
    );
    assert.deepEqual(pushed, []);
  });

  it('asks the client to pull open documents again when another file changes their findings', async () => {
    const a = 'decisions/pol-2026-013-instant-refunds.md';
    await client.open(file(a), read(a));
    const before = (await pullDocument(a)) as Full;
    assert.ok(!before.items.some((d) => d.code === 'duplicate-id'));
    const b = 'decisions/lp-2026-014-one-click-reorder.yaml';
    const idOfA = /^id: (.+)$/m.exec(read(a))![1];
    fs.writeFileSync(file(b), read(b).replace(/^id: .+$/m, `id: ${idOfA}`));
    await client.watched(file(b), 2);
    for (let i = 0; i < 100 && refreshes === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(refreshes > 0, 'workspace/diagnostic/refresh sent');
    const after = (await pullDocument(a, before.resultId)) as Full;
    assert.equal(after.kind, 'full');
    assert.ok(after.items.some((d) => d.code === 'duplicate-id'));
  });

  it('checks an untitled record with the workspace config and registries', async () => {
    const untitled = 'untitled:Untitled-1';
    const text = [
      'decision: launch-plan',
      'id: LP-2026-900',
      'title: Gift wrapping for every order',
      'status: draft',
      'date: 2026-11-10',
      'owner: Dana Reyes',
      'customer_impact: direct',
      'customer_standpoint:',
      '  summary: Customers ask for gift wrapping at checkout',
      '  advocates: [Nobody Registered]',
      '',
    ].join('\n');
    await client.openUri(untitled, 'yaml', text);
    const report = await client.request<Full>('textDocument/diagnostic', { textDocument: { uri: untitled } });
    const codes = report.items.map((d) => d.code);
    // The people registry of the workspace applies: an unregistered advocate is reported.
    const advocate = report.items.find((d) => d.code === 'advocate-required');
    assert.ok(advocate, JSON.stringify(codes));
    assert.match(advocate.message, /Nobody Registered/);
    assert.equal(advocate.range.start.line, 9);

    // A plain untitled note is not a record and gets nothing.
    await client.openUri('untitled:Untitled-2', 'yaml', 'shopping:\n  - milk\n');
    assert.deepEqual(await client.request('textDocument/diagnostic', { textDocument: { uri: 'untitled:Untitled-2' } }), { kind: 'full', items: [] });
    // Its outline works before it is saved too.
    const symbols = await client.request<Array<{ name: string; children: Array<{ name: string }> }>>('textDocument/documentSymbol', { textDocument: { uri: untitled } });
    assert.equal(symbols[0].name, 'Gift wrapping for every order');
    assert.deepEqual(
      symbols[0].children.map((s) => s.name),
      ['Customer standpoint', 'Advocates'],
    );
  });
});
