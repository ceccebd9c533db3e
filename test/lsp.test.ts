import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, standpoint, TODAY } from './helpers/cli.js';
import { applyEdits, copySamples, diagnosticKey, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';

const key = diagnosticKey;

describe('language server over stdio', function () {
  this.timeout(30000);
  let ws: string;
  let client: LspClient;
  const file = (rel: string) => path.join(ws, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');

  beforeEach(async () => {
    ws = copySamples();
    client = new LspClient();
    await client.initialize(ws);
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('publishes the same findings and ranges as the CLI, with code, docs link and source', async () => {
    const cli = findings(standpoint(['check', ws, '--format', 'json', '--today', TODAY], { cwd: ws }));
    const files = [...new Set(cli.map((f) => f.file))];
    assert.ok(files.length >= 5);
    for (const rel of files) await client.open(file(rel), read(rel));
    for (const rel of files) {
      const expected = cli
        .filter((f) => f.file === rel)
        .map((f) => `${f.rule}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)
        .sort();
      const got = await client.waitFor(file(rel), (d) => d.length === expected.length);
      assert.deepEqual(got.map((d) => key(d.code, d.range)).sort(), expected);
      for (const d of got) {
        assert.equal(d.source, 'standpoint');
        assert.match(d.codeDescription!.href, new RegExp(`docs/rules/${d.code}\\.md$`));
      }
    }
  });

  it('re-lints on change, keeps only the newest version, and maps severities', async () => {
    const rel = 'decisions/pol-2026-013-instant-refunds.md';
    const text = read(rel);
    await client.open(file(rel), text);
    await client.waitFor(file(rel), (d) => d.some((x) => x.code === 'promise-hedged' && x.severity === 2));
    await client.change(file(rel), text.replace('aim to', 'hope to'), 2);
    await client.change(file(rel), text.replace('aim to', 'will'), 3);
    const final = await client.waitFor(file(rel), (_d, v) => v === 3);
    assert.deepEqual(
      final.filter((d) => d.code === 'promise-hedged'),
      [],
    );
  });

  it('updates cross-record findings when another open record changes', async () => {
    const a = 'decisions/pol-2026-013-instant-refunds.md';
    const b = 'decisions/lp-2026-014-one-click-reorder.yaml';
    const bText = read(b);
    const idA = /^id: (.+)$/m.exec(read(a))![1].trim();
    await client.open(file(a), read(a));
    await client.open(file(b), bText.replace(/^id: .+$/m, `id: ${idA}`));
    await client.waitFor(file(a), (d) => d.some((x) => x.code === 'duplicate-id'));
    await client.change(file(b), bText, 2);
    await client.waitFor(file(a), (d) => !d.some((x) => x.code === 'duplicate-id'));
  });

  it('offers a skeleton and a waiver for a missing owner; neither satisfies the rule until a person fills them in', async () => {
    const rel = 'decisions/quick-fix.yaml';
    const text = [
      'decision: policy-change',
      'id: PC-2026-990',
      'title: Refunds within a day',
      'status: draft',
      'date: 2026-11-01',
      'owner: Dana Reyes',
      'customer_impact: none',
      'customer_impact_rationale: Only the internal refund ledger changes, customers see nothing at all.',
      'functions:',
      '  - function: Finance',
      '    customer_effect: Refund status shown to customers the same day',
      '    owner: Dana Reyes',
      'promises:',
      '  - id: P-990',
      '    promise: Refunds reach customers within one day',
      '    measure: percentage of customers refunded within one day',
      '    target: ">= 95%"',
      '    review: 2027-03-01',
      '',
    ].join('\n');
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    const diags = await client.waitFor(file(rel), (d) => d.some((x) => x.code === 'promise-owner-required'));
    const target = diags.find((d) => d.code === 'promise-owner-required')!;
    const actions = await client.request<Array<{ title: string; edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } }>>(
      'textDocument/codeAction',
      {
        textDocument: { uri: uri(file(rel)) },
        range: target.range,
        context: { diagnostics: [target] },
      },
    );
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add `owner` to fill in', 'Waive promise-owner-required here (accountable exception)'],
    );
    // The skeleton never copies the record's owner: it asks for one.
    const fixed = applyEdits(text, actions[0].edit.changes[uri(file(rel))]);
    assert.match(fixed, /\n {4}owner: Name of the one accountable person\n/);
    await client.change(file(rel), fixed, 2);
    const after = await client.waitFor(file(rel), (_d, v) => v === 2);
    assert.deepEqual(
      after
        .map((d) => `${d.code}@${d.range.start.line + 1}`)
        .filter((k) => /^(promise-owner-required|placeholder-text|record-syntax)@/.test(k))
        .sort(),
      ['placeholder-text@15', 'promise-owner-required@15'],
    );

    // The waiver as offered is incomplete: it waives nothing.
    const waived = applyEdits(text, actions[1].edit.changes[uri(file(rel))]);
    assert.match(
      waived,
      /# standpoint-waive promise-owner-required reason="Why this exception is acceptable" owner="Name of the person who answers for this exception" expires=YYYY-MM-DD\n/,
    );
    await client.change(file(rel), waived, 3);
    const afterWaiver = await client.waitFor(file(rel), (_d, v) => v === 3);
    assert.deepEqual(
      afterWaiver
        .map((d) => d.code)
        .filter((c) => c.startsWith('waiver') || c === 'promise-owner-required' || c === 'record-syntax')
        .sort(),
      ['promise-owner-required', 'waiver-incomplete'],
    );
  });

  it('hovers on a finding with its message once, the documentation link, one line of why and the waiver the quick fix writes', async () => {
    const rel = 'decisions/pol-2026-013-instant-refunds.md';
    await client.open(file(rel), read(rel));
    const [hedge] = await client.waitFor(file(rel), (d) => d.length > 0);
    const onFinding = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(file(rel)) }, position: hedge.range.start });
    const paragraphs = onFinding.contents.value.split('\n\n');
    assert.equal(paragraphs[0], hedge.message, 'a client that does not show diagnostics in hovers reads the message first');
    assert.equal(paragraphs[1], `[promise-hedged: Promise to ensure, not to hope](${hedge.codeDescription!.href}) — rule documentation`, 'then the documentation link');
    assert.equal(paragraphs[2], 'A hedged promise lets the organisation feel committed while leaving every exit open.');
    assert.match(paragraphs[3], /^Exception: `<!-- standpoint-waive promise-hedged reason="\.\.\." owner="\.\.\." expires=YYYY-MM-DD -->` on the line above/);
    assert.equal(paragraphs.length, 4, 'nothing more: the whole page is one click away');
    assert.equal(onFinding.contents.value.split(hedge.message).length, 2, 'the message once');

    const lp = 'decisions/lp-2026-014-one-click-reorder.yaml';
    const lpText = read(lp);
    await client.open(file(lp), lpText);
    const ownerLine = lpText.split('\n').findIndex((l) => /^owner: /.test(l));
    const onPerson = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: uri(file(lp)) },
      position: { line: ownerLine, character: 9 },
    });
    assert.match(onPerson.contents.value, /Roles:/);
  });

  it('completes field names, enum values and people', async () => {
    const rel = 'decisions/new.yaml';
    const text = 'decision: launch-plan\nid: LP-2026-991\nstatus: \nowner: \ncu';
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    type Item = { label: string };
    const keys = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: uri(file(rel)) }, position: { line: 4, character: 2 } });
    assert.ok(
      keys.some((i) => i.label === 'customer_impact'),
      JSON.stringify(keys.map((i) => i.label)),
    );
    const statuses = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: uri(file(rel)) }, position: { line: 2, character: 8 } });
    assert.deepEqual(statuses.map((i) => i.label).sort(), ['approved', 'draft', 'proposed', 'rejected', 'superseded', 'withdrawn']);
    const people = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: uri(file(rel)) }, position: { line: 3, character: 7 } });
    const roster = fs.readFileSync(file('people.yaml'), 'utf8');
    assert.ok(people.length > 5 && people.every((p) => roster.includes(p.label)), JSON.stringify(people));
  });

  it('goes to a promise in the register and finds the records that reference it', async () => {
    const rel = Object.keys(refsByFile(ws))[0];
    const text = read(rel);
    const line = text.split('\n').findIndex((l) => /\bref: P-/.test(l));
    const character = text.split('\n')[line].indexOf('P-') + 1;
    await client.open(file(rel), text);
    await client.waitFor(file(rel), () => true);
    const defs = await client.request<Array<{ uri: string }>>('textDocument/definition', { textDocument: { uri: uri(file(rel)) }, position: { line, character } });
    assert.equal(defs[0].uri, uri(file('promises.yaml')));
    const refs = await client.request<Array<{ uri: string }>>('textDocument/references', {
      textDocument: { uri: uri(file(rel)) },
      position: { line, character },
      context: { includeDeclaration: true },
    });
    assert.ok(refs.some((r) => r.uri === uri(file(rel))) && refs.some((r) => r.uri === uri(file('promises.yaml'))));
  });

  it('outlines a record as record, sections and items named by their principal field, alike in both forms', async () => {
    type Symbol = { name: string; detail?: string; children?: Symbol[] };
    const outline = async (rel: string) => {
      await client.open(file(rel), read(rel));
      return client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(file(rel)) } });
    };
    const yaml = await outline('decisions/lp-2026-014-one-click-reorder.yaml');
    assert.equal(yaml.length, 1);
    assert.equal(yaml[0].name, 'One-click reorder for returning shoppers');
    assert.deepEqual(
      yaml[0].children!.map((s) => s.name),
      [
        'Customer impact',
        'Customer standpoint',
        'Customer evidence',
        'Advocates',
        'Concerns',
        'Promises',
        'Functions affected',
        'Barriers',
        'Metrics',
        'Actions',
        'Readiness',
      ],
    );
    const section = (root: Symbol, name: string) => root.children!.find((s) => s.name === name)!;
    assert.deepEqual(
      section(yaml[0], 'Promises').children!.map((i) => i.name),
      ['Reorders placed by 8pm arrive the next day', 'P-02'],
    );
    assert.deepEqual(
      section(yaml[0], 'Advocates').children!.map((i) => i.name),
      ['Priya Shah'],
    );
    const all = (s: Symbol): Symbol[] => [s, ...(s.children ?? []).flatMap(all)];
    assert.ok(
      all(yaml[0]).every((s) => s.detail !== s.name),
      'no label shown twice',
    );
    assert.ok(!all(yaml[0]).some((s) => s.name === 'status' || s.name === 'owner'), 'scalars are not sections');

    const md = await outline('decisions/bc-2026-017-contact-centre-staffing.md');
    assert.equal(md[0].name, 'Reduce contact-centre staffing by 15% in 2027');
    assert.deepEqual(
      md[0].children!.map((s) => s.name),
      ['Customer standpoint', 'Customer evidence', 'Advocates', 'Concerns', 'Promises', 'Functions affected', 'Metrics', 'Actions'],
    );
    assert.deepEqual(
      section(md[0], 'Functions affected').children!.map((i) => [i.name, i.detail]),
      [
        ['Contact Centre', 'Lee Wong'],
        ['Returns', 'Wale Adeyemi'],
      ],
    );
  });

  it('survives a malformed record, a broken config and a broken rule file, and recovers', async () => {
    const rel = 'decisions/broken.yaml';
    await client.open(file(rel), 'decision: launch-plan\nid: [oops\n');
    const syntax = await client.waitFor(file(rel), (d) => d.length > 0);
    assert.equal(syntax[0].code, 'record-syntax');

    const config = file('.standpoint.yaml');
    const good = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(config, `${good}\nrulez: {}\n`);
    await client.watched(config, 2);
    const configDiags = await client.waitFor(config, (d) => d.length > 0);
    assert.match(configDiags[0].message, /unknown field "rulez"/);
    assert.equal(configDiags[0].range.start.line, good.split('\n').length);

    fs.mkdirSync(file('policy/rules/bad-rule'), { recursive: true });
    fs.writeFileSync(file('policy/rules/bad-rule/rule.yaml'), 'id: bad-rule\nseverity: loud\n');
    fs.writeFileSync(config, `${good}\nrule_dirs: [policy/rules]\n`);
    await client.watched(config, 2);
    const ruleDiags = await client.waitFor(file('policy/rules/bad-rule/rule.yaml'), (d) => d.length > 0);
    assert.ok(ruleDiags.every((d) => d.code === 'config'));

    fs.writeFileSync(config, good);
    await client.watched(config, 2);
    await client.waitFor(file('policy/rules/bad-rule/rule.yaml'), (d) => d.length === 0);
    await client.change(file(rel), 'decision: launch-plan\nid: LP-1\n', 2);
    await client.waitFor(file(rel), (d, v) => v === 2 && !d.some((x) => x.code === 'record-syntax'));
  });
});

function refsByFile(ws: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of fs.readdirSync(path.join(ws, 'decisions'))) {
    const text = fs.readFileSync(path.join(ws, 'decisions', name), 'utf8');
    const registered = fs.readFileSync(path.join(ws, 'promises.yaml'), 'utf8');
    const m = /\bref: (P-\d+)/.exec(text);
    if (m && registered.includes(`id: ${m[1]}`)) out[`decisions/${name}`] = 1;
  }
  return out;
}
