import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { FILL_IN, KINDS, PlaceholderMatcher } from '../server/src/core/index.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { placeholderKey } from '../server/src/core/rules/placeholders.js';
import { insertMissing } from '../server/src/lsp/features/code-actions.js';
import { findings, show, standpoint, TODAY, tempWorkspaces } from './helpers/cli.js';
import { applyEdits, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';
import { SAMPLES_DIR } from './helpers/paths.js';

/**
 * Substance over form: nothing Standpoint writes for a person to fill in — a template, a
 * skeleton, a waiver — satisfies the rule it stands for, and the only fixes it applies on
 * its own are those with one right answer.
 */

/** What each kind's placeholders stand for: the rules that must still fire on a fresh record. */
const STANDS_FOR = ['advocate-required', 'customer-evidence-required', 'no-diffused-ownership', 'promise-owner-required', 'promise-measure-required'];

describe('templates: a fresh record fails check until a person fills it in', function () {
  this.timeout(300_000);
  const make = tempWorkspaces();

  for (const form of ['yaml', 'markdown'] as const) {
    it(`every kind, ${form}: placeholder-text and the rules the placeholders stand for, exit 1`, () => {
      const ws = make();
      for (const kind of KINDS) {
        const made = standpoint(['new', kind, ...(form === 'markdown' ? ['--markdown'] : []), '--today', TODAY], { cwd: ws });
        assert.equal(made.code, 0, show(made));
      }
      const run = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
      assert.equal(run.code, 1, show(run));
      const all = findings(run);
      const files = fs.readdirSync(path.join(ws, 'decisions'));
      assert.equal(files.length, KINDS.length);
      for (const name of files) {
        const rules = new Set(all.filter((f) => path.basename(f.file) === name).map((f) => f.rule));
        for (const rule of ['placeholder-text', ...STANDS_FOR]) assert.ok(rules.has(rule), `${name}: no ${rule} (got ${[...rules].join(', ')})`);
        assert.ok(!rules.has('record-syntax') && !rules.has('record-kind'), `${name} does not parse: ${[...rules].join(', ')}`);
      }
    });
  }

  it('init, then new twice per form: every record and promise id is new', () => {
    const ws = make();
    assert.equal(standpoint(['init', '--today', TODAY], { cwd: ws }).code, 0);
    for (const args of [['launch-plan'], ['launch-plan'], ['launch-plan', '--markdown'], ['campaign'], ['campaign', '--markdown']]) {
      const made = standpoint(['new', ...args, '--today', TODAY], { cwd: ws });
      assert.equal(made.code, 0, show(made));
    }
    const texts = [
      ...fs.readdirSync(path.join(ws, 'decisions')).map((f) => fs.readFileSync(path.join(ws, 'decisions', f), 'utf8')),
      fs.readFileSync(path.join(ws, 'promises.yaml'), 'utf8'),
    ];
    const ids = texts.flatMap((t) => [...t.matchAll(/^\s*(?:- )?id: (\S+)$/gm)].map((m) => m[1]));
    assert.deepEqual(ids.slice().sort(), [
      'CA-2026-001',
      'CA-2026-002',
      'LP-2026-001',
      'LP-2026-002',
      'LP-2026-003',
      'LP-2026-004',
      'P-1',
      'P-2',
      'P-3',
      'P-4',
      'P-5',
      'P-6',
    ]);
    const run = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.deepEqual(
      findings(run).filter((f) => f.rule === 'duplicate-id'),
      [],
    );
  });
});

describe('editor fixes never satisfy a rule on a person’s behalf', function () {
  this.timeout(120_000);
  let client: LspClient;
  let ws: string;

  before(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-accountable-')));
    fs.mkdirSync(path.join(ws, 'decisions'));
    client = new LspClient();
    await client.initialize(ws);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  type Action = { title: string; kind?: string; edit?: { changes?: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } };
  const SUBSTANTIVE = ['advocate-required', 'customer-evidence-required', 'promise-owner-required', 'promise-review-date'];

  const records: Record<string, string> = {
    'gaps.yaml': [
      'decision: launch-plan',
      'id: LP-2026-870',
      'title: Same-day returns pick-up',
      'status: proposed',
      'date: 2026-11-02',
      'owner: Dana Reyes',
      'customer_impact: direct',
      'promises:',
      '  - promise: A courier collects the return on the day it is booked',
      '    measure: percentage of customers whose return was collected the same day',
      '    target: ">= 95%"',
      'launch:',
      '  target_date: 2027-01-15',
      '  driver: Customers asked for it in 312 tickets last quarter',
      '',
    ].join('\n'),
    'gaps.md': [
      '---',
      'decision: policy-change',
      'id: PC-2026-871',
      'title: Returns without a receipt',
      'status: proposed',
      'date: 2026-11-02',
      'owner: Dana Reyes',
      'customer_impact: direct',
      '---',
      '# Returns without a receipt',
      '',
      '## Promises',
      '',
      '- Refund to the card used, even without a receipt',
      '  - measure: Percentage of customers refunded at the till without a receipt',
      '  - target: ">= 95%"',
      '',
    ].join('\n'),
  };

  for (const [name, text] of Object.entries(records)) {
    it(`${name}: every skeleton and fix-all applied, the substantive rules still fire and no line is lost`, async () => {
      const file = path.join(ws, 'decisions', name);
      fs.writeFileSync(file, text);
      await client.open(file, text, 1);
      const diags = await client.waitFor(file, (_d, v) => v === 1);
      for (const rule of SUBSTANTIVE)
        assert.ok(
          diags.some((d) => d.code === rule),
          `${name} should start with ${rule}`,
        );
      const asked = [...diags.map((d) => client.codeActions<Action>(file, d)), client.codeActions<Action>(file)];
      const actions = (await Promise.all(asked)).flat().filter((a) => !a.title.startsWith('Waive '));
      assert.ok(
        actions.some((a) => a.title.startsWith('Add ')),
        `no skeleton offered: ${actions.map((a) => a.title).join(', ')}`,
      );
      // Apply them one after another, each on the text the previous ones made, as a person clicking through would.
      let current = text;
      let version = 1;
      for (const title of [...new Set(actions.map((a) => a.title))]) {
        await client.change(file, current, ++version);
        const now = await client.waitFor(file, (_d, v) => v === version);
        const offered = (await Promise.all([...now.map((d) => client.codeActions<Action>(file, d)), client.codeActions<Action>(file)]))
          .flat()
          .find((a) => a.title === title);
        const edits = offered?.edit?.changes?.[uri(file)];
        if (edits) current = applyEdits(current, edits);
      }
      fs.writeFileSync(file, current);
      for (const line of text.split('\n')) assert.ok(current.split('\n').includes(line), `line lost: ${JSON.stringify(line)}\n${current}`);
      const run = standpoint(['check', path.join('decisions', name), '--format', 'json', '--no-config', '--today', TODAY], { cwd: ws });
      const rules = new Set(findings(run).map((f) => f.rule));
      for (const rule of SUBSTANTIVE) assert.ok(rules.has(rule), `${rule} was satisfied by a skeleton:\n${current}`);
      assert.ok(rules.has('placeholder-text'), 'the skeletons are reported as placeholder text');
      assert.ok(!rules.has('record-syntax'), current);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
    });
  }

  it('skeletons are snippets with tab stops where the client supports them', async () => {
    const snippets = new LspClient();
    await snippets.initialize(ws, {}, { workspaceEdit: { snippetEditSupport: true } });
    try {
      const file = path.join(ws, 'decisions', 'snippet.yaml');
      const text = records['gaps.yaml'];
      fs.writeFileSync(file, text);
      await snippets.open(file, text, 1);
      const diags = await snippets.waitFor(file, (d) => d.some((x) => x.code === 'promise-owner-required'));
      const target = diags.find((d) => d.code === 'promise-owner-required')!;
      type SnippetAction = { title: string; edit: { documentChanges: Array<{ edits: Array<{ snippet: { kind: string; value: string } }> }> } };
      const actions = await snippets.codeActions<SnippetAction>(file, target);
      const add = actions.find((a) => a.title === 'Add `owner` to fill in')!;
      assert.deepEqual(add.edit.documentChanges[0].edits[0].snippet, { kind: 'snippet', value: '    owner: ${1:Name of the one accountable person}\n' });
      const waiver = actions.find((a) => a.title.startsWith('Waive'))!;
      assert.equal(
        waiver.edit.documentChanges[0].edits[0].snippet.value,
        '  # standpoint-waive promise-owner-required reason="${1:Why this exception is acceptable}" owner="${2:Name of the person who answers for this exception}" expires=${3:YYYY-MM-DD}\n',
      );
    } finally {
      await snippets.stop();
    }
  });
});

describe('standpoint fix: safe fixes only, byte for byte', function () {
  this.timeout(120_000);

  /** The samples with four safe cases planted, and one that is not safe (two promises are as close). */
  function plantedSamples(): string {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-fix-'));
    fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
    const edit = (rel: string, from: string, to: string) => {
      const file = path.join(ws, rel);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes(from), `${rel} has no ${from}`);
      fs.writeFileSync(file, text.replace(from, to));
    };
    edit('decisions/lp-2026-014-one-click-reorder.yaml', 'status: approved', 'status: aproved');
    edit('decisions/lp-2026-014-one-click-reorder.yaml', '  - ref: P-02', '  - ref: P-2');
    edit('decisions/lp-2026-014-one-click-reorder.yaml', 'owner: Dana Reyes', 'owner: Dana Reys');
    edit('decisions/pr-2026-010-plus-price.md', '  - ref: P-06', '  - ref: p-6');
    return ws;
  }

  const before = (ws: string) => Object.fromEntries(walk(ws).map((f) => [f, fs.readFileSync(path.join(ws, f), 'utf8')]));

  it('fixes exactly the planted cases and the sample campaign, nothing else; exit as check on what remains', () => {
    const ws = plantedSamples();
    const original = before(ws);
    const run = standpoint(['fix', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.equal(
      run.stdout,
      [
        'decisions/ca-2026-019-black-friday-early-access.yaml:27: false → true  (campaign-excludes-open-issues)',
        'decisions/lp-2026-014-one-click-reorder.yaml:4: aproved → approved  (record-schema)',
        'decisions/lp-2026-014-one-click-reorder.yaml:6: Dana Reys → Dana Reyes  (no-diffused-ownership)',
        'decisions/lp-2026-014-one-click-reorder.yaml:43: P-2 → P-02  (promise-ref-resolves)',
        'decisions/pr-2026-010-plus-price.md:13: p-6 → P-06  (promise-ref-resolves)',
        'fixed 5 problems in 3 files.',
        '3 errors and 2 warnings remain: they need a person (run standpoint check for details).',
        '',
      ].join('\n'),
    );
    const after = before(ws);
    const samples = before(SAMPLES_DIR);
    const changed = Object.keys(after).filter((f) => after[f] !== original[f]);
    assert.deepEqual(changed.sort(), [
      'decisions/ca-2026-019-black-friday-early-access.yaml',
      'decisions/lp-2026-014-one-click-reorder.yaml',
      'decisions/pr-2026-010-plus-price.md',
    ]);
    // The planted records are back to the samples byte for byte; the campaign differs in its one value.
    assert.equal(after['decisions/lp-2026-014-one-click-reorder.yaml'], samples['decisions/lp-2026-014-one-click-reorder.yaml']);
    assert.equal(after['decisions/pr-2026-010-plus-price.md'], samples['decisions/pr-2026-010-plus-price.md']);
    assert.equal(
      after['decisions/ca-2026-019-black-friday-early-access.yaml'],
      samples['decisions/ca-2026-019-black-friday-early-access.yaml'].replace('exclude_open_service_issues: false', 'exclude_open_service_issues: true'),
    );
    const again = standpoint(['fix', '--today', TODAY], { cwd: ws });
    assert.match(again.stdout, /^No safe fixes to apply\.\n/);
    assert.deepEqual(before(ws), after);
  });

  it('--dry-run prints the same changes, writes nothing, and gates on what would remain', () => {
    const ws = plantedSamples();
    const original = before(ws);
    const run = standpoint(['fix', '--dry-run', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /lp-2026-014-one-click-reorder\.yaml:4: aproved → approved {2}\(record-schema\)/);
    assert.match(run.stdout, /Dry run: would fix 5 problems in 3 files\.\n3 errors and 2 warnings remain/);
    assert.deepEqual(before(ws), original);
  });

  it('an ambiguous or absent match is left for a person', () => {
    const ws = tempWorkspaces()({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': [
        'promises:',
        ...['P-10', 'P-11'].map(
          (id) => `  - {id: ${id}, promise: Refunds in a day, owner: Dana Reyes, measure: "% of customers refunded in a day", target: ">= 95%", review: 2027-06-01}`,
        ),
        '',
      ].join('\n'),
      'decisions/a.yaml':
        'decision: policy-change\nid: PC-2026-001\ntitle: T\nstatus: signed off\nowner: Dana Reyes\ncustomer_impact: none\ncustomer_impact_rationale: Only the ledger format changes and no customer can see it anywhere.\npromises:\n  - ref: P-1\n',
    });
    const run = standpoint(['fix', '--today', TODAY], { cwd: ws });
    assert.match(run.stdout, /^No safe fixes to apply\./, show(run));
  });
});

function walk(root: string, rel = ''): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, child) : [child];
  });
}

describe('skeletons are offered only where they cannot break the record', () => {
  const offer = (file: string, text: string, path: Array<string | number>) => insertMissing(parseDocument(file, text), path);

  it('flow-style YAML: no block line is inserted into a flow collection', () => {
    const text =
      'decision: policy-change\nid: PC-2026-001\ntitle: T\nstatus: draft\nowner: Dana Reyes\ncustomer_impact: direct\npromises: [{promise: Refunds in a day, owner: everyone}]\n';
    assert.equal(offer('a.yaml', text, ['promises', 0, 'measure']), undefined);
    const nested = 'decision: policy-change\nid: PC-2026-001\ncustomer_standpoint: {summary: Customers want it}\n';
    assert.equal(offer('a.yaml', nested, ['customer_standpoint', 'evidence']), undefined);
    assert.equal(offer('a.yaml', '{decision: policy-change, id: PC-2026-001}\n', ['owner']), undefined);
  });

  it('never after a document-end marker or into a second document', () => {
    const ended = 'decision: policy-change\nid: PC-2026-001\ntitle: T\n...\n';
    assert.equal(offer('a.yaml', ended, ['owner']), undefined);
    const leadingMarker = '---\ndecision: policy-change\nid: PC-2026-001\ntitle: T\n';
    assert.ok(offer('a.yaml', leadingMarker, ['owner']), 'a leading --- is only the start of the document');
  });

  it('never inside a Markdown comment left open at the end', () => {
    const text =
      '---\ndecision: policy-change\nid: PC-2026-001\ntitle: T\nstatus: draft\nowner: Dana Reyes\ncustomer_impact: direct\n---\n# T\n\n<!-- notes for the review\n';
    assert.equal(offer('a.md', text, ['customer_standpoint', 'advocates']), undefined);
    assert.ok(offer('a.md', text.replace('<!-- notes for the review\n', '<!-- notes -->\n'), ['customer_standpoint', 'advocates']));
  });
});

describe('placeholder text: one definition, in every rule', function () {
  this.timeout(60_000);

  it('recognises template text, fillers and slots, whole values only', () => {
    const m = new PlaceholderMatcher(['see Confluence']);
    const yes = [
      'TBD',
      'tbc.',
      ' To be decided ',
      'TODO: ask Sam',
      'TBD - after the pilot',
      '?',
      '-',
      '...',
      '…',
      'xxxx',
      'N/A',
      '<owner>',
      '[name]',
      '{{date}}',
      'Lorem ipsum dolor',
      'YYYY-MM-DD',
      '"Name of the one accountable person"',
      'See Confluence',
      FILL_IN.evidenceSummary,
    ];
    const no = [
      'Todo lists shared between households',
      'TBD items are tracked weekly by Sam Lee',
      'Dana Reyes',
      'none',
      'No',
      '0',
      'NA-East households',
      'To be decided by the pricing committee on 3 March',
    ];
    for (const v of yes) assert.ok(m.matches(v), `"${v}" should be placeholder text`);
    for (const v of no) assert.ok(!m.matches(v), `"${v}" is an answer`);
    assert.ok(!m.matches(3) && !m.matches(true) && !m.matches(undefined));
    assert.equal(m.answered(['TBD', '<name>']), false);
    assert.equal(m.answered(['TBD', 'Priya Shah']), true);
    assert.equal(m.answered({ summary: 'TBD', date: 'YYYY-MM-DD' }), false);
  });

  it('compares values in one form whatever their quotes, spacing, case and closing marks (2,000 generated values)', () => {
    // The form, spelled out step by step: the matcher skips the steps that cannot change a value.
    const reference = (text: string) =>
      text
        .trim()
        .toLowerCase()
        .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, '')
        .replace(/\s+/g, ' ')
        .replace(/(?<=\p{L})[.:;!]+$/u, '')
        .trim();
    const pieces = fc.constantFrom(
      'TBD',
      'tbd',
      'x',
      'Lorem',
      'ipsum',
      'É',
      '"',
      "'",
      '“',
      '’',
      '`',
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '.',
      '...',
      ':',
      '!',
      ';',
      '?',
      '-',
      '<',
      '>',
      '[',
      ']',
      '{{',
      '}}',
      'Name',
      '9',
      '𝒜',
      '\ud835',
      '\udc9c',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        assert.equal(placeholderKey(text), reference(text), JSON.stringify(text));
      }),
      { numRuns: 2000, seed: 20261206 },
    );
    const m = new PlaceholderMatcher();
    const cases: Array<[string, boolean]> = [
      ['  "TBD."  ', true],
      ['tbd\u00a0- later', true],
      ['\u2026', true],
      ['_', true],
      ['«tbd»', false],
      ['Ünknown yet', false],
      ['9 stores', false],
    ];
    for (const [v, expected] of cases) assert.equal(m.matches(v), expected, JSON.stringify(v));
  });

  it('gives the verdict of the full key for every value, including those it rules out by their first two to four characters (3,000 generated values)', () => {
    const team = ['see Confluence', 'Ask ops', 'q1'];
    const m = new PlaceholderMatcher(team);
    // Known texts cut anywhere and joined with spaces, quotes, closing marks, other letters and digits.
    const known = [...Object.values(FILL_IN), ...team, 'TBD', 'todo', 'to be decided', 'n/a', 'lorem ipsum', 'xxx', 'fixme'];
    const piece = fc.oneof(
      fc.constantFrom(...known).chain((k) => fc.nat(k.length).map((n) => k.slice(0, n + 1))),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '"', "'", '’', '.', ':', '!', '-', '<', '>', 'Q', 'S', 'e', 'É', '2', '9', 'İ', 'K', '\u212a'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), (parts) => {
        const text = parts.join('');
        assert.equal(m.matches(text), m.isPlaceholderKey(placeholderKey(text)), JSON.stringify(text));
      }),
      { numRuns: 3000, seed: 20261206 },
    );
    for (const v of ['  TBD', 'Q1', ' q1', ' "Ask ops"', 'ID of this record', 'Id of this record!']) assert.equal(m.matches(v), true, v);
    for (const v of ['Sam Lee', 'Q2', 'Ask ops team', '2026-11-20', 'IDs of this record']) assert.equal(m.matches(v), false, v);
    // Shapes whose first letters are no known text's first four: only the shapes find them.
    for (const v of ['xxxx', 'XXXXXXX', 'Lorem ipsum dolor sit', 'FIXME(owner)', 'todo—later', 'Tbc, pending', 'tbd:after']) assert.equal(m.matches(v), true, v);
    for (const v of ['Xavier Ortiz', 'Tobias Keller', 'Finance team', 'Logistics lead', 'xx', 'Todos los clientes']) assert.equal(m.matches(v), false, v);
  });

  it("a team's placeholders: never an answer, reported at the value; literal: true opts a field out", () => {
    const ws = tempWorkspaces()({
      '.standpoint.yaml':
        'root: true\nplaceholders: ["see Confluence"]\nrule_dirs: [policy]\nrules:\n  placeholder-text: {options: {literal_fields: [export_control]}}\n',
      'policy/export-control-stated/rule.yaml': [
        'id: export-control-stated',
        'severity: error',
        'principle: accountability',
        'title: State export control',
        'message: Say whether export control applies.',
        'checks:',
        '  - kind: assert',
        '    assert: {path: export_control, present: true, literal: true}',
        '    report: export_control',
        '  - kind: assert',
        '    assert: {path: export_owner, present: true}',
        '    report: export_owner',
        'docs: {rationale: r, triggers: t, comply: c}',
        '',
      ].join('\n'),
      'decisions/a.yaml': [
        'decision: policy-change',
        'id: PC-2026-001',
        'title: Refunds in a day',
        'status: draft',
        'owner: see Confluence',
        'customer_impact: none',
        'customer_impact_rationale: Only the internal ledger format changes; no customer sees anything different.',
        'export_control: n/a',
        'export_owner: n/a',
        '',
      ].join('\n'),
    });
    const run = standpoint(['check', '--format', 'json', '--today', TODAY, '--rule', 'record-schema:off', '--rule', 'functions-declared:off'], { cwd: ws });
    const got = findings(run)
      .map((f) => `${f.rule}@${f.line}`)
      .sort();
    assert.deepEqual(got, ['export-control-stated@9', 'no-diffused-ownership@5', 'placeholder-text@5', 'placeholder-text@9']);
  });
});
