import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readDocument } from '../server/src/core/engine/document-findings.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { readMarkers } from '../server/src/core/rule-testing/expectations.js';
import { fieldKey } from '../server/src/core/text/field-key.js';
import type { PathSegment } from '../server/src/core/types.js';
import { findings, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';
import { REPO } from './helpers/paths.js';

/** The text a model path points at, and where (line:column). */
function at(text: string, pathTo: PathSegment[], file = 'doc.md'): string {
  const doc = parseDocument(file, text);
  const { span } = doc.map.locate(pathTo);
  const p = doc.lines.position(span.start);
  return `${p.line}:${p.column} ${text.slice(span.start, span.end)}`;
}

const RFC = [
  '# Faster refunds for returned parcels',
  '',
  '- Start Date: 2026-10-12',
  '* Status: **Implemented (Swift 5.8)** <!-- expect: x -->',
  '- RFC PR #: [shop/rfcs#41](https://example.com/41)',
  '- Rust Issues:',
  '  - [a#1](https://example.com/1)',
  '  - [a#2](https://example.com/2)',
  '- Not a field, just a bullet',
  '',
  'Technical Story: the refund queue',
  '',
  '## Summary',
  '',
  'Status: this paragraph is prose, in a section.',
  '',
].join('\n');

describe('Markdown documents: header fields', () => {
  it('reads Key: value bullets and lines under the title as fields, keys normalised, values without markup around them', () => {
    const doc = parseDocument('rfc.md', RFC);
    assert.deepEqual(doc.data, {
      start_date: '2026-10-12',
      status: 'Implemented (Swift 5.8)',
      rfc_pr: '[shop/rfcs#41](https://example.com/41)',
      rust_issues: ['[a#1](https://example.com/1)', '[a#2](https://example.com/2)'],
      technical_story: 'the refund queue',
    });
  });

  it('locates each value exactly, a list item by item, and a missing field at the title', () => {
    assert.equal(at(RFC, ['start_date']), '3:15 2026-10-12');
    assert.equal(at(RFC, ['status']), '4:13 Implemented (Swift 5.8)');
    assert.equal(at(RFC, ['rust_issues']), '6:3 Rust Issues');
    assert.equal(at(RFC, ['rust_issues', 1]), '8:5 [a#2](https://example.com/2)');
    assert.equal(at(RFC, ['owner']), '1:1 # Faster refunds for returned parcels');
  });

  it('keeps what is not a field as prose: other bullets, and everything in sections', () => {
    const doc = parseDocument('rfc.md', RFC);
    assert.deepEqual(
      doc.prose.map((p) => p.text),
      ['Not a field, just a bullet', 'Status: this paragraph is prose, in a section.'],
    );
  });

  it('without a title, the block before the first heading; a body that opens with a section has no header', () => {
    assert.deepEqual(parseDocument('a.md', '- Start Date: 2014-04-30\n- RFC PR: 59\n\n## Summary\n\nText.\n').data, { start_date: '2014-04-30', rfc_pr: '59' });
    assert.equal(at('- Start Date: 2014-04-30\n\n## Summary\n', ['owner']), '1:1 - Start Date: 2014-04-30');
    assert.deepEqual(parseDocument('b.md', '## Description\n\nWe recommend: this\n').data, {});
    // A paragraph is fields only when every line is one; "We recommend:" introduces a list.
    assert.deepEqual(parseDocument('c.md', '# T\n\nDate: 2017-07-14\nand some prose\n').data, {});
    assert.deepEqual(parseDocument('d.md', '# T\n\nWe recommend:\n\n- this\n').data, {});
    // An underlined title (---) is a title too; several pairs on one line are fields each.
    assert.deepEqual(parseDocument('e.md', 'Title\n----\n* Author(s): vjpai\n\n**Status:** Proposed | **Date:** 2026-06-17\n').data, {
      authors: 'vjpai',
      status: 'Proposed',
      date: '2026-06-17',
    });
  });

  it('front matter wins over a header line for the same field, which is then a duplicate', () => {
    const doc = parseDocument('f.md', '---\nStatus: accepted\n---\n# T\n\n- status: done\n- Owner: Dana Reyes\n');
    assert.deepEqual(doc.data, { Status: 'accepted', owner: 'Dana Reyes' });
    assert.deepEqual(
      doc.duplicates.map((d) => d.path),
      [['status']],
    );
  });

  it('can be switched off: the bullets are then prose', () => {
    const doc = parseDocument('rfc.md', RFC, 'record', { headerFields: false });
    assert.deepEqual(doc.data, {});
    assert.equal(doc.prose.length, 9);
  });

  it('normalises keys one way for documents and rule paths', () => {
    assert.equal(fieldKey('Start Date'), 'start_date');
    assert.equal(fieldKey('START-DATE'), 'start_date');
    assert.equal(fieldKey('Author(s)'), 'authors');
    assert.equal(fieldKey('RFC PR #'), 'rfc_pr');
  });
});

describe('Markdown documents: sections and comments as facts', () => {
  const DOC = [
    '# Title',
    '',
    'Intro.',
    '',
    '## Decision <!-- the heading without its comment -->',
    '',
    'We **refund** on scan. <!-- TODO: inline -->',
    '',
    '<!-- TBD: a comment block -->',
    '',
    '| table | TBD |',
    '|---|---|',
    '',
    '### Rollout',
    '',
    '- Tell the warehouse.',
    '',
  ].join('\n');

  it('one section per heading, with its own prose: markup, HTML, tables and code left out', () => {
    const doc = parseDocument('d.md', DOC);
    assert.deepEqual(doc.facts.sections, [
      { heading: 'Title', level: 1, text: 'Intro.', paragraphs: ['Intro.'] },
      { heading: 'Decision', level: 2, text: 'We refund on scan.', paragraphs: ['We refund on scan.'] },
      { heading: 'Rollout', level: 3, text: 'Tell the warehouse.', paragraphs: ['Tell the warehouse.'] },
    ]);
    assert.equal(at(DOC, ['$document', 'sections', 1]), '5:1 ## Decision');
    assert.equal(at(DOC, ['$document', 'sections', 1, 'paragraphs', 0]), '7:1 We **refund** on scan. <!-- TODO: inline -->');
    assert.deepEqual(
      doc.comments.map((c) => DOC.slice(c.start, c.end)),
      ['<!-- TBD: a comment block -->'],
    );
    assert.equal(doc.facts.file_name, 'd.md');
  });
});

describe('Markdown documents: fixture markers', () => {
  it('reads any number of markers in one comment, each naming its line', () => {
    const text = '# T\n\nA\n\n<!-- expect line 3: a, expect line 1: b@2\nexpect: c, d -->\n';
    assert.deepEqual(readMarkers(text, true), {
      expectations: [
        { rule: 'a', line: 3 },
        { rule: 'b', line: 1, column: 2 },
        { rule: 'c', line: 6 },
        { rule: 'd', line: 6 },
      ],
      problems: [],
    });
  });

  it('reports a marker that cannot be read, and one outside a comment in a Markdown body', () => {
    const text = '---\ntitle: x   # expect: not a rule id\n---\n# T\n\nexpect line 4: a\n\n<!-- expected: a -->\n';
    assert.deepEqual(readMarkers(text, true).problems, [
      {
        line: 2,
        message:
          'marker "expect: not a rule id" cannot be read: "not a rule id" is not a rule id; write expect: RULE-ID[@COLUMN], or expect line N: RULE-ID, with several rule ids separated by commas',
      },
      { line: 6, message: '"expect line 4: a" is in the text, where rules read it: put the marker in a comment, <!-- expect line 4: a -->' },
      { line: 8, message: 'marker "expected: a" cannot be read: write expect: RULE-ID[@COLUMN], or expect line N: RULE-ID, with several rule ids separated by commas' },
    ]);
    // In YAML, `#` starts a comment on any line; in a Markdown body it is a heading.
    assert.deepEqual(readMarkers('a: 1   # expect: x\n', false).expectations, [{ rule: 'x', line: 1 }]);
    assert.deepEqual(readMarkers('# expect: x\n', true).expectations, []);
  });

  const make = tempWorkspaces();

  it('test-rules fails a fixture whose marker cannot be read, saying where', () => {
    const ws = make({
      'rules/has-owner/rule.yaml': HAS_OWNER,
      'rules/has-owner/fixtures/valid/ok.md': '# T\n\n- Owner: Dana Reyes\n',
      'rules/has-owner/fixtures/invalid/typo.md': '# T <!-- expect has-owner -->\n\nNo owner.\n',
    });
    const run = standpoint(['test-rules', 'rules'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /! line 1: marker "expect has-owner" cannot be read: write expect: RULE-ID\[@COLUMN\]/);
  });
});

const HAS_OWNER = `id: has-owner
severity: error
principle: accountability
title: A proposal names its owner
message: Name the owner.
applies_to: {documents: [non-record], forms: [markdown]}
checks:
  - kind: assert
    assert: {path: owner, present: true}
    report: owner
docs: {rationale: a, triggers: b, comply: c}
`;

describe('Markdown documents: rules that read them', () => {
  const make = tempWorkspaces();

  it('a rule for decision records says, on a fixture that is not one, why it never fires', () => {
    const ws = make({
      'rules/has-owner/rule.yaml': HAS_OWNER.replace('applies_to: {documents: [non-record], forms: [markdown]}\n', ''),
      'rules/has-owner/fixtures/valid/ok.md': '# T\n\n- Owner: Dana Reyes\n',
      'rules/has-owner/fixtures/invalid/none.md': '# T <!-- expect: has-owner -->\n\nNo owner.\n',
    });
    const run = standpoint(['test-rules', 'rules'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(
      run.stdout,
      /! has-owner only reads decision records \(applies_to\.documents: \[record\]\), and this file is not a decision record \(it has no decision: key\): add non-record to applies_to\.documents/,
    );
  });

  it('check names the files it is given, README.md included; the default globs leave README.md out', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/has-owner/rule.yaml': HAS_OWNER,
      'decisions/README.md': '# Decisions\n\nOne file per decision.\n',
    });
    const named = standpoint(['check', '--today', TODAY, '--format', 'json', 'decisions/README.md'], { cwd: ws });
    assert.deepEqual(
      findings(named).map((f) => `${f.rule}@${f.file}:${f.line}:${f.column}`),
      ['has-owner@decisions/README.md:1:1'],
      show(named),
    );
    const text = standpoint(['check', '--today', TODAY, 'decisions/README.md'], { cwd: ws });
    assert.match(text.stdout, /in 1 file\n/);
    const walked = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(walked.code, 0, show(walked));
    assert.match(walked.stdout, /^✔ 0 decision records checked, no problems$/m);
  });

  it('a file that is not a decision record and cannot be read is reported once, in its own words', () => {
    const ws = make({ 'docs/a.md': '---\ntitle: x\n\towner: y\n\tstatus: z\n---\n# T\n' });
    const run = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'json', 'docs/a.md'], { cwd: ws });
    const list = findings(run);
    assert.equal(list.length, 1, show(run));
    assert.equal(list[0].rule, 'record-syntax');
    assert.match(list[0].message, /^The file cannot be read: .*\(and 1 more problem in this file\)\. No rule checks it until it is fixed\.$/);
    assert.equal(list[0].line, 3);
    assert.equal(readDocument('docs/a.md', '---\ntitle: "open\n---\n').role, 'non-record');
    assert.equal(readDocument('d/a.md', '---\ndecision: launch-plan\ntitle: "open\n---\n').role, 'record');
  });

  it('a section check looks at Markdown only: a YAML file has no sections to miss', () => {
    const rule = `id: decision-there
severity: error
principle: accountability
title: t
message: Say what was decided under a Decision heading.
applies_to: {documents: [non-record]}
checks:
  - kind: assert
    section: Decision
    assert: {present: true}
docs: {rationale: a, triggers: b, comply: c}
`;
    const ws = make({
      '.standpoint.yaml': 'root: true\nfiles: ["docs/*"]\nrule_dirs: [rules]\nrules: {record-kind: off}\n',
      'rules/decision-there/rule.yaml': rule,
      'docs/a.yaml': 'title: Retire the export API\n',
      'docs/b.md': '# Retire the export API\n\n## Context\n\nText.\n',
      'docs/c.md': '# Retire the export API\n\n## 1. Decisions:\n\nWe retire it.\n',
    });
    const run = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(
      findings(run).map((f) => `${f.rule}@${f.file}:${f.line}:${f.column}`),
      ['decision-there@docs/b.md:1:1'],
      show(run),
    );
  });

  it('header fields can be switched off per file glob in the configuration', () => {
    const rfc = '# T\n\n- Owner: Dana Reyes\n';
    const ws = make({
      '.standpoint.yaml':
        'root: true\nfiles: ["docs/**/*.md"]\nrule_dirs: [rules]\nrules: {record-kind: off}\noverrides:\n  - files: ["docs/old/**"]\n    markdown: {header_fields: false}\n',
      'rules/has-owner/rule.yaml': HAS_OWNER,
      'docs/new/a.md': rfc,
      'docs/old/a.md': rfc,
    });
    const run = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(
      findings(run).map((f) => `${f.rule}@${f.file}:${f.line}`),
      ['has-owner@docs/old/a.md:1'],
      show(run),
    );
  });
});

describe('rule files: paths that can never match are located warnings at load', () => {
  const make = tempWorkspaces();
  const RULE = `id: segments-named
severity: error
principle: brutal-facts
title: t
message: m
applies_to:
  kinds: [pricing-change]
checks:
  - kind: assert
    assert: {path: status, equals: approved}
    report: stauts
  - kind: assert
    given: promises[*]
    assert: {path: ownr, present: true}
  - kind: assert
    assert: {path: segments, present: true}
  - kind: find
    given: "$document.sectoins[*].text"
    words: [tbd]
docs: {rationale: a, triggers: b, comply: c}
`;

  it('test-rules and check print each with file, line, column and a did-you-mean; the rule still runs', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/segments-named/rule.yaml': RULE,
      'rules/segments-named/fixtures/valid/ok.yaml': 'decision: launch-plan\nid: L-1\n',
      'decisions/a.yaml':
        'decision: launch-plan\nid: L-1\ntitle: t\nstatus: draft\nowner: Dana Reyes\ncustomer_impact: none\ncustomer_impact_rationale: Internal tooling only, no customer sees any change at all.\n',
    });
    const tested = standpoint(['test-rules', 'rules'], { cwd: ws });
    const lines = tested.stdout.split('\n').filter((l) => l.startsWith('warning'));
    assert.deepEqual(lines, [
      'warning  rules/segments-named/rule.yaml:11:13  report path "stauts" never matches: a pricing-change record has no field "stauts" (did you mean "status"?); if it is a field of your team\'s own, list it in the extra_fields option of record-schema',
      'warning  rules/segments-named/rule.yaml:14:20  path "ownr" never matches: a pricing-change record has no field "ownr" under promises[*] (did you mean "owner"?); if it is a field of your team\'s own, list it in the extra_fields option of record-schema',
      'warning  rules/segments-named/rule.yaml:16:20  path "segments" never matches: a pricing-change record has no field "segments"; if it is a field of your team\'s own, list it in the extra_fields option of record-schema',
      'warning  rules/segments-named/rule.yaml:18:12  given path "$document.sectoins[*].text" never matches: $document has no "sectoins" (did you mean "sections"?); it has headings, sections, file_name',
    ]);
    const checked = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.match(checked.stderr, /^standpoint: warning: rules\/segments-named\/rule\.yaml:11:13: report path "stauts" never matches/m);
    // A field of the team's own, declared for record-schema, is no warning.
    fs.writeFileSync(path.join(ws, '.standpoint.yaml'), 'root: true\nrule_dirs: [rules]\nrules:\n  record-schema: {options: {extra_fields: [segments]}}\n');
    const declared = standpoint(['test-rules', 'rules'], { cwd: ws });
    assert.doesNotMatch(declared.stdout, /"segments" never matches/);
    assert.match(declared.stdout, /"stauts" never matches/);
  });

  it('no built-in rule has one', () => {
    const run = standpoint(['test-rules', path.join(REPO, 'rules')], { cwd: make() });
    assert.doesNotMatch(run.stdout, /^warning/m);
  });

  it('a path with [*] unquoted inside {...} is one plain error, not the parser cascade', () => {
    const ws = make({ 'rules/r/rule.yaml': RULE.replace('assert: {path: ownr, present: true}', 'assert: {path: promises[*].owner, present: true}') });
    const run = standpoint(['test-rules', 'rules'], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0],
      /rules\/r\/rule\.yaml:14:20: rule file: inside \{\.\.\.\} a value with \[ must be quoted, or YAML reads a list: write path: "promises\[\*\]\.owner" \(\d+ more problems after it, which may go away with it\)$/,
    );
  });

  it('a check that names both a given and a section is an error', () => {
    const ws = make({ 'rules/r/rule.yaml': RULE.replace('given: promises[*]', 'given: promises[*]\n    section: Decision') });
    const run = standpoint(['test-rules', 'rules'], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /rule\.yaml:14:14: a check reads either the nodes its given selects or the sections its section names: remove one/);
  });
});

describe('new-rule: forms and folders', () => {
  const make = tempWorkspaces();

  it('scaffolds a Markdown rule for documents that are not records, in a rule_dirs folder that does not exist yet; it passes as written', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\nfiles: ["rfcs/*.md"]\nrule_dirs: [policy]\n' });
    const run = standpoint(['new-rule', 'rfc-status', '--markdown', '--non-record'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.equal(
      run.stdout,
      [
        'created policy/rfc-status/rule.yaml',
        'created policy/rfc-status/fixtures/valid/example.md',
        'created policy/rfc-status/fixtures/invalid/example.md',
        'note: record-kind asks every file matched by files: for a decision: key: switch it off for documents that are not decision records (rules: {record-kind: off} in .standpoint.yaml, or an override for their files)',
        'next: edit policy/rfc-status/rule.yaml and its fixtures, then run standpoint test-rules policy',
        '',
      ].join('\n'),
    );
    const tested = standpoint(['test-rules', '--coverage'], { cwd: ws });
    assert.equal(tested.code, 0, show(tested));
    for (const [id, flag] of [
      ['yaml-documents', '--non-record'],
      ['markdown-records', '--markdown'],
    ]) {
      const made = standpoint(['new-rule', id, flag], { cwd: ws });
      assert.equal(made.code, 0, show(made));
    }
    assert.ok(fs.existsSync(path.join(ws, 'policy/yaml-documents/fixtures/invalid/example.yaml')));
    assert.ok(fs.existsSync(path.join(ws, 'policy/markdown-records/fixtures/invalid/example.md')));
    const all = standpoint(['test-rules', '--coverage'], { cwd: ws });
    assert.equal(all.code, 0, show(all));
    assert.match(all.stdout, /policy: 3 rules, 3 passed, 0 failed/);
  });

  it('--add-to-config adds the --dir folder to rule_dirs, keeping the file as written', () => {
    const ws = make({ '.standpoint.yaml': '# ours\nroot: true\nrule_dirs:\n  - policy   # the first\n', 'policy/.keep': '' });
    const run = standpoint(['new-rule', 'mine', '--dir', 'team/rules', '--add-to-config'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^added team\/rules to the rule_dirs of \.standpoint\.yaml$/m);
    assert.equal(fs.readFileSync(path.join(ws, '.standpoint.yaml'), 'utf8'), '# ours\nroot: true\nrule_dirs:\n  - policy   # the first\n  - team/rules\n');
    const flow = make({});
    assert.equal(standpoint(['new-rule', 'mine', '--dir', 'r', '--add-to-config'], { cwd: flow }).code, 0);
    assert.equal(fs.readFileSync(path.join(flow, '.standpoint.yaml'), 'utf8'), 'root: true\nrule_dirs: [r]\n');
    assert.equal(standpoint(['test-rules'], { cwd: flow }).code, 0);
  });
});
