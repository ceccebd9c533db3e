import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { record, tempWorkspaces } from './helpers/cli.js';
import { LspClient, uri } from './helpers/lsp-client.js';

interface RpcError {
  code: number;
  message: string;
}

/** The error a request was answered with, or a failure when it was answered with a result. */
async function errorOf(promise: Promise<unknown>): Promise<RpcError> {
  try {
    const result = await promise;
    assert.fail(`answered with a result: ${JSON.stringify(result)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    return { code: (err as RpcError).code, message: (err as RpcError).message };
  }
}

const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;

/** Whether diagnostics for `file` (of a version `test` accepts) are published within `ms`. */
async function publishedWithin(client: LspClient, file: string, ms: number, test: (version?: number) => boolean = () => true): Promise<boolean> {
  try {
    await client.waitFor(file, (_d, v) => test(v), ms);
    return true;
  } catch {
    return false;
  }
}

/**
 * The lifecycle the protocol fixes: nothing but `initialize` before it, nothing but `exit`
 * after `shutdown`, and the exit code saying whether shutdown came first. Over stdio, as an
 * editor other than VS Code drives the server.
 */
describe('language server lifecycle', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();

  it('answers requests before initialize with ServerNotInitialized, and drops notifications', async () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-700' }).replace('owner: Dana Reyes', 'owner: everyone') });
    const file = path.join(ws, 'decisions/a.yaml');
    const client = new LspClient();
    try {
      const hover = await errorOf(client.request('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 0 } }));
      assert.equal(hover.code, SERVER_NOT_INITIALIZED);
      assert.equal((await errorOf(client.request('shutdown', null))).code, SERVER_NOT_INITIALIZED);
      assert.equal((await errorOf(client.request('standpoint/explain', { rule: 'record-syntax' }))).code, SERVER_NOT_INITIALIZED);
      // Opened before initialize: dropped, so never linted.
      await client.open(file, fs.readFileSync(file, 'utf8'));
      await client.initialize(ws);
      assert.equal(await publishedWithin(client, file, 1000), false);
      assert.equal((await errorOf(client.connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }))).code, INVALID_REQUEST);
      // Opened now, it is.
      await client.open(file, fs.readFileSync(file, 'utf8'), 2);
      const got = await client.waitFor(file, (_d, v) => v === 2);
      assert.ok(got.some((d) => d.code === 'no-diffused-ownership'));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  it('after shutdown answers requests with InvalidRequest, publishes nothing more, and exits 0 on exit', async () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-701' }) });
    const file = path.join(ws, 'decisions/a.yaml');
    const client = new LspClient();
    await client.initialize(ws);
    await client.open(file, fs.readFileSync(file, 'utf8'));
    await client.waitFor(file, (_d, v) => v === 1);
    assert.equal(await client.request('shutdown', null), null);
    const hover = await errorOf(client.request('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 0 } }));
    assert.equal(hover.code, INVALID_REQUEST);
    assert.equal((await errorOf(client.request('shutdown', null))).code, INVALID_REQUEST);
    // An edit after shutdown is not linted: version 2 is never published.
    await client.change(file, 'decision: launch-plan\nid: [unclosed\n', 2);
    assert.equal(await publishedWithin(client, file, 1500, (v) => v === 2), false);
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited, 0);
  });

  it('exits 1 on exit without shutdown', async () => {
    const client = new LspClient();
    await client.initialize(make());
    await client.connection.sendNotification('exit');
    assert.equal(await client.exited, 1);
  });
});

describe('language server: code action requests are checked at the boundary', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();

  it('ignores or clamps malformed ranges and diagnostics; no edit ever lands outside the document', async () => {
    const text = 'decision: launch-plan\nid: LP-2026-710\ntitle: Ship it\nowner: everyone\n';
    const ws = make({ 'decisions/a.yaml': text });
    const file = path.join(ws, 'decisions/a.yaml');
    const client = new LspClient();
    try {
      await client.initialize(ws);
      await client.open(file, text);
      const real = await client.waitFor(file, (d) => d.some((x) => x.code === 'no-diffused-ownership'));
      const owner = real.find((d) => d.code === 'no-diffused-ownership')!;
      const lines = text.split('\n').length;
      const ask = (range: unknown, diagnostics: unknown[]) =>
        client.request<
          Array<{
            title: string;
            edit?: { changes: Record<string, Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } } }>> };
          }>
        >('textDocument/codeAction', { textDocument: { uri: uri(file) }, range, context: { diagnostics } });
      const editLines = (actions: Awaited<ReturnType<typeof ask>>) =>
        actions.flatMap((a) => Object.values(a.edit?.changes ?? {}).flat()).flatMap((e) => [e.range.start, e.range.end]);
      const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const at = (line: number, character = 0) => ({ ...owner, range: { start: { line, character }, end: { line, character: character + 1 } } });

      // A well-formed request gets its waiver on the diagnostic's line.
      const good = await ask(whole, [owner]);
      assert.ok(good.some((a) => a.title.startsWith('Waive no-diffused-ownership')));
      assert.deepEqual([...new Set(editLines(good).map((p) => p.line))], [owner.range.start.line]);

      // Diagnostics with positions that are not whole, non-negative numbers, or past the end, are ignored.
      for (const bad of [at(-1), at(1.5), at(100_000), at(2, -3), at(2, 0.5), { ...owner, range: null }, { ...owner, range: { start: { line: '2' } } }, null, 'junk']) {
        assert.deepEqual(await ask(whole, [bad]), [], JSON.stringify(bad));
      }
      // A request range that is not whole numbers gets nothing; one past the end is clamped.
      assert.deepEqual(await ask({ start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, [owner]), []);
      assert.deepEqual(await ask({ start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } }, [owner]), []);
      const clamped = await ask({ start: { line: 100_000, character: 0 }, end: { line: 100_000, character: 9 } }, [owner, at(100_000), at(-1)]);
      assert.ok(clamped.length > 0);
      for (const p of editLines(clamped)) {
        assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines, JSON.stringify(p));
        assert.ok(Number.isInteger(p.character) && p.character >= 0, JSON.stringify(p));
      }
      // A path that is not a list of keys and indices is dropped: no insertion is made from it.
      const badPath = await ask(whole, [{ ...owner, data: { path: [{ evil: true }, -1] } }]);
      assert.ok(badPath.every((a) => !a.title.startsWith('Add ')));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
