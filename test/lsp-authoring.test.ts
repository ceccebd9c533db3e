import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { standpoint } from './helpers/cli.js';
import { LspClient, uri } from './helpers/lsp-client.js';
import { RULES_DIR } from './helpers/paths.js';

interface Lens {
  range: { start: { line: number; character: number } };
  command: { title: string; command: string; arguments: unknown[] };
}

interface Summary {
  rule?: string;
  passed: boolean;
  total: number;
  failed: number;
  error?: string;
  message: string;
  cases: Array<{ name: string; passed: boolean; missing: string[]; unexpected: string[]; problems: string[] }>;
}

describe('language server: rule authoring (code lens "Run this rule\'s fixtures")', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspClient;
  let messages: Array<{ type: number; message: string }>;
  const file = (rel: string) => path.join(ws, rel);
  const ruleFile = () => file('policy/rules/segment-summary/rule.yaml');

  beforeEach(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-lsp-authoring-')));
    fs.writeFileSync(path.join(ws, '.standpoint.yaml'), 'root: true\nrule_dirs: [policy/rules]\n');
    fs.mkdirSync(path.join(ws, 'policy/rules'), { recursive: true });
    const made = standpoint(['new-rule', 'segment-summary'], { cwd: ws });
    assert.equal(made.code, 0, made.stderr);
    client = new LspClient();
    messages = [];
    client.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      messages.push(m);
    });
    const init = await client.initialize(ws);
    const caps = init.capabilities as { codeLensProvider?: object; executeCommandProvider?: { commands: string[] } };
    assert.ok(caps.codeLensProvider, 'code lenses are advertised');
    assert.ok(caps.executeCommandProvider?.commands.includes('standpoint.testRule'));
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  const lenses = (f: string) => client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: uri(f) } });
  const run = (f: string) => client.request<Summary>('workspace/executeCommand', { command: 'standpoint.testRule', arguments: [uri(f)] });
  const lastMessage = async () => {
    for (let i = 0; i < 50 && messages.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    return messages.at(-1)!;
  };

  it('shows the lens on a rule file, with the number of fixtures and examples', async () => {
    await client.open(ruleFile(), fs.readFileSync(ruleFile(), 'utf8'));
    const got = await lenses(ruleFile());
    assert.equal(got.length, 1);
    assert.equal(got[0].command.title, "Run this rule's fixtures (2)");
    assert.equal(got[0].command.command, 'standpoint.testRule');
    assert.deepEqual(got[0].command.arguments, [uri(ruleFile())]);
    assert.deepEqual(got[0].range.start, { line: 0, character: 0 });
  });

  it('runs the fixtures and pushes a pass summary (window/showMessage, info)', async () => {
    await client.open(ruleFile(), fs.readFileSync(ruleFile(), 'utf8'));
    const summary = await run(ruleFile());
    assert.equal(summary.rule, 'segment-summary');
    assert.equal(summary.passed, true);
    assert.equal(summary.total, 2);
    assert.equal(summary.failed, 0);
    assert.deepEqual(
      summary.cases.map((c) => `${c.name} ${c.passed}`),
      ['valid/example.yaml true', 'invalid/example.yaml true'],
    );
    assert.deepEqual(await lastMessage(), { type: 3, message: 'segment-summary: all 2 fixtures and examples pass' });
  });

  it('runs the unsaved text of the rule: a broken expectation fails with the diff (window/showMessage, error)', async () => {
    const text = fs.readFileSync(ruleFile(), 'utf8');
    await client.open(ruleFile(), text);
    // Not saved: the rule now looks at a field no fixture lacks, so the invalid fixture's marker is not met.
    await client.change(ruleFile(), text.replace('assert: {path: summary, present: true}', 'assert: {path: source, present: true}'), 2);
    const summary = await run(ruleFile());
    assert.equal(summary.passed, false);
    assert.equal(summary.failed, 1);
    assert.deepEqual(summary.cases.find((c) => !c.passed)!.missing, ['segment-summary@12']);
    const message = await lastMessage();
    assert.equal(message.type, 1);
    assert.equal(message.message, 'segment-summary: 1 of 2 failed. invalid/example.yaml: expected segment-summary at line 12, not reported');
    assert.equal(fs.readFileSync(ruleFile(), 'utf8'), text, 'the file on disk is untouched');
  });

  it('sees unsaved fixture edits too, and counts docs examples', async () => {
    const fixture = file('policy/rules/segment-summary/fixtures/valid/example.yaml');
    await client.open(fixture, fs.readFileSync(fixture, 'utf8').replace(/ {6}summary: .*\n/, ''));
    const summary = await run(ruleFile());
    assert.equal(summary.passed, false);
    assert.deepEqual(summary.cases.find((c) => c.name === 'valid/example.yaml')!.unexpected, ['segment-summary@12:7']);
    // Fixtures themselves get no lens.
    assert.deepEqual(await lenses(fixture), []);
    const builtin = path.join(RULES_DIR, 'promise-hedged', 'rule.yaml');
    await client.open(builtin, fs.readFileSync(builtin, 'utf8'));
    assert.equal((await lenses(builtin))[0].command.title, "Run this rule's fixtures (10)");
    const ok = await run(builtin);
    assert.equal(ok.passed, true, ok.message);
    assert.equal(ok.total, 10);
  });

  it('says what is wrong with a broken rule file instead of running it', async () => {
    await client.open(ruleFile(), fs.readFileSync(ruleFile(), 'utf8').replace('severity: warning', 'severity: loud'));
    const summary = await run(ruleFile());
    assert.equal(summary.passed, false);
    assert.match(summary.error!, /^segment-summary: the rule file has 1 problem; first, line 5: /);
    assert.equal((await lastMessage()).type, 1);
  });

  it('offers no lens on records or config, and refuses a file that is not a rule', async () => {
    const record = file('decisions/r.yaml');
    fs.mkdirSync(path.dirname(record), { recursive: true });
    fs.writeFileSync(record, 'decision: campaign\n');
    await client.open(record, 'decision: campaign\n');
    assert.deepEqual(await lenses(record), []);
    await client.open(file('.standpoint.yaml'), fs.readFileSync(file('.standpoint.yaml'), 'utf8'));
    assert.deepEqual(await lenses(file('.standpoint.yaml')), []);
    const summary = await run(record);
    assert.equal(summary.passed, false);
    assert.match(summary.message, /r\.yaml is not a rule file/);
  });
  it("hovers on every key of a rule file and of .standpoint.yaml with the schema's description", async () => {
    const hover = async (f: string, line: number, character: number) =>
      (await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uri(f) }, position: { line, character } }))?.contents
        .value;
    const text = fs.readFileSync(ruleFile(), 'utf8');
    const buffer = text.replace('assert: {path: summary, present: true}', 'assert:\n      path: summary\n      version: {gte: "1.0"}');
    await client.open(ruleFile(), buffer);
    const lineOf = (needle: string) => buffer.split('\n').findIndex((l) => l.includes(needle));
    assert.match((await hover(ruleFile(), lineOf('id: segment-summary'), 1))!, /^\*\*id\*\* — Stable kebab-case rule id/);
    assert.match((await hover(ruleFile(), lineOf('given:'), 5))!, /^\*\*given\*\* — Path of the nodes the check looks at/);
    assert.match((await hover(ruleFile(), lineOf('version: {gte'), 7))!, /^\*\*version\*\* — The value read as a dotted version/);
    assert.match((await hover(ruleFile(), lineOf('rationale:'), 3))!, /^\*\*rationale\*\* — Why the rule exists/);
    await client.open(file('.standpoint.yaml'), fs.readFileSync(file('.standpoint.yaml'), 'utf8'));
    assert.match((await hover(file('.standpoint.yaml'), 1, 2))!, /^\*\*rule_dirs\*\* — Folders of the team's own declarative rules/);
    // A fixture is a record: its keys are described by the record schema, not the rule schema.
    const fixture = file('policy/rules/segment-summary/fixtures/valid/example.yaml');
    await client.open(fixture, fs.readFileSync(fixture, 'utf8'));
    assert.match((await hover(fixture, 7, 3))!, /^\*\*customer_impact\*\* — /);
    // A Markdown section heading is described as the field it fills, not as the heading the rules see.
    const md = file('decisions/section.md');
    const mdText = '---\ndecision: launch-plan\n---\n## Customer evidence\n\n- 340 tickets tagged "reorder"\n';
    fs.mkdirSync(path.dirname(md), { recursive: true });
    fs.writeFileSync(md, mdText);
    await client.open(md, mdText);
    assert.match((await hover(md, 3, 5))!, /^\*\*evidence\*\* — /);
  });

  it('completes the keys of a check, whatever its kind, leaving out those the check already has', async () => {
    const text = fs.readFileSync(ruleFile(), 'utf8').replace('    report: summary\n', '    report: summary\n    \n');
    await client.open(ruleFile(), text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l === '    ');
    // The keys of the check the blank line is in: from its `- ` line down to the blank line.
    let start = line;
    while (start > 0 && !/^ {2}- /.test(lines[start])) start--;
    const present = lines
      .slice(start, line)
      .map((l) => /^ {2}[- ] ([a-z_]+):/.exec(l)?.[1])
      .filter(Boolean);
    assert.ok(present.includes('kind') && present.includes('report'), JSON.stringify(present));
    const items = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uri(ruleFile()) }, position: { line, character: 4 } });
    const labels = items.map((i) => i.label);
    for (const key of ['where', 'words', 'patterns', 'known_fields', 'state', 'message', 'severity'].filter((k) => !present.includes(k)))
      assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
    for (const key of present) assert.ok(!labels.includes(key!), `${key} is already there, not offered again: ${labels.join(', ')}`);
  });
});
