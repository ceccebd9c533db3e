// Where people type and read (SPEC §5 v2): completion in block and flow lists, people ranked
// by the role the field needs, promises found by words, present keys left out; Markdown
// skeletons at their canonical place; diagnostics as plain text with the action first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { plainMessage } from '../server/src/lsp/convert.js';
import { findings, standpoint, TODAY } from './helpers/cli.js';
import { applyEdits, copySamples, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';

type Item = { label: string; sortText?: string; preselect?: boolean; filterText?: string; textEdit?: { newText: string } };
type Completion = Item[] | { isIncomplete: boolean; items: Item[] };
const itemsOf = (c: Completion): Item[] => (Array.isArray(c) ? c : c.items);
/** Labels in the order an editor lists them: by sortText, then label. */
const ordered = (c: Completion) =>
  itemsOf(c)
    .slice()
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
    .map((i) => i.label);

const ADVOCATES = ['Maja Lindqvist', 'Priya Shah', 'Wale Adeyemi'];

describe('language server: editing help', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspClient;
  const file = (rel: string) => path.join(ws, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const complete = (rel: string, line: number, character: number) =>
    client.request<Completion>('textDocument/completion', { textDocument: { uri: uri(file(rel)) }, position: { line, character } });

  before(async () => {
    ws = copySamples('standpoint-lsp-editing-');
    client = new LspClient();
    await client.initialize(ws);
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('completes people in a block list as in a flow list, customer advocates first', async () => {
    const rel = 'decisions/new-advocates.yaml';
    const text = 'decision: launch-plan\nid: LP-2026-950\ncustomer_standpoint:\n  advocates:\n    - \n  concerns: []\napprovers: [Mo Khan, ]\n';
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    const block = await complete(rel, 4, 6);
    assert.deepEqual(ordered(block).slice(0, 3), ADVOCATES, 'the customer-advocate role first');
    assert.equal(itemsOf(block).filter((i) => i.preselect).length, 1);
    assert.ok(ordered(block).length > 6, 'everyone else after them');

    // A name typed in part, with a space: the whole typed text is replaced.
    const partial = text.replace('    - \n', '    - Priya S\n');
    await client.change(file(rel), partial, 2);
    const typed = itemsOf(await complete(rel, 4, 13)).find((i) => i.label === 'Priya Shah')!;
    assert.equal(typed.filterText, 'Priya Shah');
    assert.deepEqual((typed.textEdit as unknown as { range: unknown }).range, { start: { line: 4, character: 6 }, end: { line: 4, character: 13 } });

    // Approvers: the chief customer officer and the CX director first.
    const flow = await complete(rel, 6, 21);
    assert.deepEqual(ordered(flow).slice(0, 2), ['Joy Okafor', 'Mo Khan']);
  });

  it('finds promises by id or by words of their text', async () => {
    const rel = 'decisions/new-promise.yaml';
    const text = 'decision: launch-plan\nid: LP-2026-951\npromises:\n  - ref: refund\n';
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    const byWords = await complete(rel, 3, 13);
    assert.ok(!Array.isArray(byWords) && byWords.isIncomplete, 'asked again as the words grow');
    assert.deepEqual(
      itemsOf(byWords).map((i) => i.label),
      ['P-01', 'P-05'],
      'the promises whose text speaks of refunds',
    );
    assert.equal(itemsOf(byWords)[0].textEdit!.newText, 'P-01');
    await client.change(file(rel), text.replace('ref: refund', 'ref: P-0'), 2);
    assert.equal(itemsOf(await complete(rel, 3, 12)).length, fs.readFileSync(file('promises.yaml'), 'utf8').match(/^ {2}- id: P-0/gm)!.length);
  });

  it('does not offer keys already present in the map being typed into', async () => {
    const rel = 'decisions/new-keys.yaml';
    const text = 'decision: launch-plan\nid: LP-2026-952\n\nowner: Dana Reyes\npromises:\n  - promise: Refunds in a day\n    \n    owner: Sam Lee\n';
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    const top = itemsOf(await complete(rel, 2, 0)).map((i) => i.label);
    assert.ok(top.includes('title') && top.includes('customer_impact'), top.join(', '));
    for (const present of ['decision', 'id', 'owner', 'promises']) assert.ok(!top.includes(present), `${present} offered again: ${top.join(', ')}`);
    const inItem = itemsOf(await complete(rel, 6, 4)).map((i) => i.label);
    assert.ok(inItem.includes('measure') && inItem.includes('target'), inItem.join(', '));
    assert.ok(!inItem.includes('promise') && !inItem.includes('owner'), inItem.join(', '));
  });

  it('adds a missing Markdown section where it belongs, and names it as a section', async () => {
    const rel = 'decisions/bc-2026-017-contact-centre-staffing.md';
    const text = read(rel).replace('## Advocates\n\n- Priya Shah\n\n', '');
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    const diagnostics = await client.waitFor(file(rel), (d) => d.some((x) => x.code === 'advocate-required'));
    const missing = diagnostics.find((d) => d.code === 'advocate-required')!;
    // At the heading the section belongs under (the record's title), speaking of the section.
    const lines = text.split('\n');
    assert.equal(lines[missing.range.start.line], '# Reduce contact-centre staffing by 15% in 2027');
    assert.equal(
      missing.message,
      "Name at least one customer advocate in a ## Advocates section.\nSomeone from the customer-advocate network who brings the customer's view into this decision.",
    );
    const cli = findings(standpoint(['check', file(rel), '--format', 'json', '--today', TODAY], { cwd: ws })).find((f) => f.rule === 'advocate-required')!;
    assert.equal(cli.line, missing.range.start.line + 1, 'the CLI points at the same place');
    assert.equal(
      cli.message,
      "Name at least one customer advocate in a `## Advocates` section: someone from the customer-advocate network who brings the customer's view into this decision.",
    );

    const actions = await client.codeActions<{ title: string; edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } }>(
      file(rel),
      missing,
    );
    const add = actions.find((a) => a.title === 'Add a "## Advocates" section to fill in')!;
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(text, add.edit.changes[uri(file(rel))]);
    const headings = fixed.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(
      headings.slice(0, 4),
      ['## Customer standpoint', '## Customer evidence', '## Advocates', '## Concerns'],
      'between the sections it sits between in a record',
    );
    assert.match(fixed, /- date: 2026-10-31\n\n## Advocates\n\n- Name of a customer advocate\n\n## Concerns\n/);
  });

  it('writes diagnostics as plain text, what to do on the first line', () => {
    assert.equal(
      plainMessage(
        "Name at least one customer advocate in `customer_standpoint.advocates`: someone from the customer-advocate network who brings the customer's view into this decision.",
      ),
      "Name at least one customer advocate in customer_standpoint.advocates.\nSomeone from the customer-advocate network who brings the customer's view into this decision.",
    );
    // Short messages, and colons before a list of values, stay on one line.
    assert.equal(
      plainMessage("metric 1's kind: expected one of: customer, operational, financial"),
      "metric 1's kind: expected one of: customer, operational, financial",
    );
    assert.equal(
      plainMessage('"aim to" hedges the promise: state what will happen for customers, or do not promise it.'),
      '"aim to" hedges the promise: state what will happen for customers, or do not promise it.',
    );
    const long = plainMessage(
      'Cutting Contact Centre (-15%) without reinvesting in technology, training, policy or process expects customers to need it less by magic: add a `reinvestment` that removes the reasons customers have to call, queue or write.',
    );
    assert.ok(!long.includes('`'));
  });

  it('names fields as people do in schema findings, without null among the allowed values', async () => {
    const rel = 'decisions/new-schema.yaml';
    const text = read('decisions/lp-2026-014-one-click-reorder.yaml')
      .replace(/^id: .+$/m, 'id: LP-2026-953')
      .replace('customer_impact: direct', 'customer_impact: drect')
      .replace('    kind: operational', '    kind: operationl');
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    const got = await client.waitFor(file(rel), (d) => d.filter((x) => x.code === 'record-schema').length >= 2);
    const messages = got.filter((d) => d.code === 'record-schema').map((d) => d.message);
    assert.ok(messages.includes('customer impact: expected one of: direct, indirect, none (did you mean "direct"?)'), messages.join('\n'));
    assert.ok(
      messages.some((m) => m.startsWith("metric 3's kind: expected one of: ")),
      messages.join('\n'),
    );
  });
});
