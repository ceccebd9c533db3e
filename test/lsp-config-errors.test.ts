// A broken config never silences checking (SPEC §5 v2): records keep their findings from the last
// good configuration (or the built-in rules), the broken file gets one located error per mistake
// with a quick fix when there is one right answer, and the status says so.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, standpoint, TODAY } from './helpers/cli.js';
import { applyEdits, copySamples, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';

interface Status {
  state: string;
  using: string;
  records: number;
  recordsWithErrors: number;
  problems: Array<{ uri: string; line: number; column: number; message: string }>;
}

describe('language server: a broken configuration', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspClient;
  let statuses: Status[];
  const file = (rel: string) => path.join(ws, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const config = () => file('.standpoint.yaml');
  const record = 'decisions/pol-2026-013-instant-refunds.md';

  /** Waits until a status notification passes `test`. */
  const status = async (test: (s: Status) => boolean): Promise<Status> => {
    for (let i = 0; i < 200; i++) {
      const last = statuses.at(-1);
      if (last && test(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no such status; got ${JSON.stringify(statuses.at(-1))}`);
  };

  const start = async () => {
    client = new LspClient();
    statuses = [];
    client.connection.onNotification('standpoint/status', (s: Status) => {
      statuses.push(s);
    });
    await client.initialize(ws);
  };

  const breakConfig = async (extra: string) => {
    fs.writeFileSync(config(), `${good}${extra}`);
    await client.watched(config(), 2);
    return client.waitFor(config(), (d) => d.length > 0);
  };

  let good: string;
  beforeEach(() => {
    ws = copySamples('standpoint-lsp-config-');
    good = read('.standpoint.yaml');
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('keeps checking with the last good settings, reports each mistake once at its place with its fix, and recovers', async () => {
    await start();
    await client.open(file(record), read(record));
    await client.waitFor(file(record), (d) => d.some((x) => x.code === 'promise-hedged'));
    await status((s) => s.state === 'ok');

    // A mistyped severity: one message, on the value, with the one right answer.
    const lines = `${good}rules:\n  promise-hedged: eror\n`.split('\n');
    const [severity] = await breakConfig('rules:\n  promise-hedged: eror\n');
    const problems = await client.waitFor(config(), (d) => d.length > 0);
    assert.equal(problems.length, 1, JSON.stringify(problems.map((p) => p.message)));
    assert.equal(severity.message, 'configuration at rules.promise-hedged: expected one of: off, info, warning, error (did you mean "error"?)');
    const line = lines.indexOf('  promise-hedged: eror');
    assert.deepEqual(severity.range, { start: { line, character: 18 }, end: { line, character: 22 } });
    // The quick fix, as the editor asks for it with the config file open.
    await client.open(config(), read('.standpoint.yaml'));
    const actions = await client.request<Array<{ title: string; edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } }>>(
      'textDocument/codeAction',
      { textDocument: { uri: uri(config()) }, range: severity.range, context: { diagnostics: [severity] } },
    );
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to error'],
    );
    assert.equal(applyEdits(read('.standpoint.yaml'), actions[0].edit.changes[uri(config())]), `${good}rules:\n  promise-hedged: error\n`);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(config()) } });

    // The record is still checked, with the last good settings.
    const kept = client.current(file(record))!;
    assert.deepEqual(
      kept.map((d) => d.code),
      ['promise-hedged'],
    );
    const broken = await status((s) => s.state === 'config-error');
    assert.equal(broken.using, 'last-good');
    assert.deepEqual(broken.problems, [{ uri: uri(config()), line: line + 1, column: 19, message: severity.message }]);

    // A mistyped rule id: the squiggle on the key, and the fix renames it.
    const [unknown] = await breakConfig('rules:\n  promise-hedge: off\n');
    await client.waitFor(config(), (d) => d.length === 1 && /promise-hedge"/.test(d[0].message));
    const unknownNow = client.current(config())![0];
    assert.equal(unknownNow.message, 'unknown rule "promise-hedge" (did you mean "promise-hedged"?)');
    assert.deepEqual(unknownNow.range, { start: { line, character: 2 }, end: { line, character: 15 } });
    assert.deepEqual((unknownNow.data as { fix: unknown }).fix, { range: unknownNow.range, text: 'promise-hedged' });
    assert.ok(unknown);
    assert.deepEqual(
      client.current(file(record))!.map((d) => d.code),
      ['promise-hedged'],
      'still checked while broken',
    );

    // Fixed: the new settings apply (the rule is off), the config's errors go, the status is ok again.
    fs.writeFileSync(config(), `${good}rules:\n  promise-hedged: off\n`);
    await client.watched(config(), 2);
    await client.waitFor(config(), (d) => d.length === 0);
    await client.waitFor(file(record), (d) => d.length === 0);
    const ok = await status((s) => s.state === 'ok');
    assert.equal(ok.using, 'workspace');
  });

  it("states Standpoint's own count: the workspace's records with errors, open or not, as the CLI finds them", async () => {
    await start();
    const ok = await status((s) => s.state === 'ok');
    const cli = findings(standpoint(['check', ws, '--format', 'json', '--today', TODAY], { cwd: ws }));
    const withErrors = new Set(cli.filter((f) => f.severity === 'error').map((f) => f.file));
    assert.ok(withErrors.size > 0, 'the samples have records with errors');
    assert.equal(ok.recordsWithErrors, withErrors.size);
    assert.equal(ok.records, fs.readdirSync(file('decisions')).filter((f) => /\.(ya?ml|md)$/.test(f)).length);
    assert.equal(ok.using, 'workspace');
    assert.deepEqual(ok.problems, []);
  });

  it('checks with the built-in rules when the configuration never loaded', async () => {
    fs.writeFileSync(config(), `${good}rules:\n  promise-hedged: eror\n`);
    await start();
    await client.open(file(record), read(record));
    // The built-in rules still find the hedge; the config file says what is wrong.
    await client.waitFor(file(record), (d) => d.some((x) => x.code === 'promise-hedged'));
    await client.waitFor(config(), (d) => d.length === 1);
    const broken = await status((s) => s.state === 'config-error');
    assert.equal(broken.using, 'built-in');

    fs.writeFileSync(config(), good);
    await client.watched(config(), 2);
    await client.waitFor(config(), (d) => d.length === 0);
    assert.equal((await status((s) => s.state === 'ok')).using, 'workspace');
  });

  it('keeps the last good rules while a rule file of rule_dirs is broken', async () => {
    fs.mkdirSync(file('policy/rules/no-tbd'), { recursive: true });
    const rule =
      "id: no-tbd\nseverity: error\nprinciple: p\ntitle: t\nmessage: No TBD.\nchecks:\n  - kind: assert\n    assert: {not: {path: title, matches: '\\bTBD\\b'}}\n    report: title\ndocs: {rationale: r, triggers: t, comply: c}\n";
    fs.writeFileSync(file('policy/rules/no-tbd/rule.yaml'), rule);
    fs.writeFileSync(config(), `${good}rule_dirs: [policy/rules]\n`);
    const rel = 'decisions/tbd.yaml';
    const text = read('decisions/lp-2026-014-one-click-reorder.yaml')
      .replace(/^id: .+$/m, 'id: LP-2026-777')
      .replace(/^title: .+$/m, 'title: TBD');
    fs.writeFileSync(file(rel), text);
    await start();
    await client.open(file(rel), text);
    await client.waitFor(file(rel), (d) => d.some((x) => x.code === 'no-tbd'));

    fs.writeFileSync(file('policy/rules/no-tbd/rule.yaml'), rule.replace('severity: error', 'severity: loud'));
    await client.watched(file('policy/rules/no-tbd/rule.yaml'), 2);
    const [bad] = await client.waitFor(file('policy/rules/no-tbd/rule.yaml'), (d) => d.length > 0);
    assert.equal(bad.range.start.line, 1, 'at the severity');
    assert.ok(
      client.current(file(rel))!.some((d) => d.code === 'no-tbd'),
      'the team rule still runs, as it was last loaded',
    );
  });

  it('checks records against the people registry as it last parsed while it does not parse', async () => {
    await start();
    const rel = 'decisions/lp-2026-014-one-click-reorder.yaml';
    await client.open(file(rel), read(rel));
    await client.waitFor(file(rel), (d) => d.length === 0);
    // The registry being edited in the editor.
    const people = file('people.yaml');
    const good = read('people.yaml');
    await client.open(people, good);
    await client.change(people, `${good}  - id: [oops\n`, 2);
    // The registry file says what is wrong with it...
    const syntax = await client.waitFor(people, (d) => d.some((x) => x.code === 'record-syntax'));
    assert.ok(syntax.length > 0);
    // ...while records are checked against the people it listed: no owner becomes a stranger.
    const broken = await status((s) => s.state === 'config-error');
    assert.equal(broken.using, 'last-good');
    assert.equal(broken.problems[0].uri, uri(people));
    assert.deepEqual(client.current(file(rel)), []);

    await client.change(people, good, 3);
    await client.waitFor(people, (d, v) => v === 3 && d.length === 0);
    await status((s) => s.state === 'ok');
  });
});
