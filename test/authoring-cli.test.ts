import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hasStackTrace, show, standpoint, tempWorkspaces, type Files } from './helpers/cli.js';
import { BUILTIN_RULE_COUNT, BUILTIN_RULE_IDS } from './helpers/catalogue.js';
import { RULES_DIR } from './helpers/paths.js';
import { segmentRule } from './helpers/team-rules.js';

/** A team rule: evidence items must say which customer segment they come from. */
const SEGMENT_RULE = segmentRule();

const RECORD_HEAD = `decision: pricing-change
id: PR-2026-001
title: New prices for the small-business plan
status: proposed
owner: Dana Reyes
customer_impact: direct
customer_standpoint:
  evidence:
`;

/** The invalid fixture: line 11 is the evidence item without a segment. */
const INVALID = `${RECORD_HEAD}    - source: survey
      segment: small business
    - source: support-tickets   # expect: evidence-segment
      summary: Tickets about invoices
`;
const VALID = `${RECORD_HEAD}    - source: survey
      segment: small business
`;

function teamRule(extra: Files = {}): Files {
  return {
    '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
    'policy/rules/evidence-segment/rule.yaml': SEGMENT_RULE,
    'policy/rules/evidence-segment/fixtures/valid/ok.yaml': VALID,
    'policy/rules/evidence-segment/fixtures/invalid/missing.yaml': INVALID,
    ...extra,
  };
}

interface JsonReport {
  passed: boolean;
  rules: Array<{
    rule: string;
    passed: boolean;
    cases: Array<{
      name: string;
      passed: boolean;
      missing: Array<{ rule: string; line: number }>;
      unexpected: Array<{ rule: string; line: number; column: number; message: string }>;
      problems: string[];
    }>;
  }>;
  coverage?: Array<{ rule: string; kind: string; at?: string; message: string; untested: boolean }>;
}

const json = (run: { stdout: string }) => JSON.parse(run.stdout) as JsonReport;

describe('cli: test-rules', () => {
  const make = tempWorkspaces();

  it('passes on the built-in rules (every fixture and every docs example), exit 0', () => {
    const run = standpoint(['test-rules', '--format', 'json']);
    assert.equal(run.code, 0, show(run));
    const report = json(run);
    assert.deepEqual(
      report.rules.map((r) => r.rule),
      BUILTIN_RULE_IDS,
    );
    assert.ok(report.rules.every((r) => r.passed));
    const examples = report.rules.flatMap((r) => r.cases.filter((c) => c.name.startsWith('docs.examples')));
    assert.ok(examples.length >= 8, 'built-in rules carry docs examples that are run');
  });

  it('prints one readable line per rule and a summary', () => {
    const run = standpoint(['test-rules']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^PASS {2}promise-hedged {2}\(8 fixtures, 2 examples\)$/m);
    const n = BUILTIN_RULE_COUNT;
    assert.match(run.stdout, new RegExp(`built-in rules: ${n} rules, ${n} passed, 0 failed · \\d+ cases, \\d+ passed, 0 failed\\n$`));
  });

  it('runs the rule_dirs of the config at the current folder by default', () => {
    const ws = make(teamRule());
    const run = standpoint(['test-rules'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^PASS {2}evidence-segment {2}\(2 fixtures\)$/m);
    assert.match(run.stdout, /policy\/rules: 1 rule, 1 passed, 0 failed · 2 cases, 2 passed, 0 failed/);
    assert.doesNotMatch(run.stdout, /promise-hedged/);
  });

  it("takes a rule folder or one rule's folder as DIR", () => {
    const ws = make(teamRule());
    assert.equal(standpoint(['test-rules', 'policy/rules'], { cwd: ws }).code, 0);
    const one = standpoint(['test-rules', 'policy/rules/evidence-segment'], { cwd: ws });
    assert.equal(one.code, 0, show(one));
    assert.match(one.stdout, /1 rule, 1 passed/);
    const builtin = standpoint(['test-rules', path.join(RULES_DIR, 'promise-hedged')], { cwd: ws });
    assert.equal(builtin.code, 0, show(builtin));
  });

  it('exits 1 with a diff when a fixture expectation is wrong: missing and unexpected lines with rule, line, column and message', () => {
    const wrong = INVALID.replace(
      '    - source: support-tickets   # expect: evidence-segment\n      summary: Tickets about invoices\n',
      '    - source: support-tickets\n      summary: Tickets about invoices   # expect: evidence-segment\n',
    );
    const ws = make(teamRule({ 'policy/rules/evidence-segment/fixtures/invalid/missing.yaml': wrong }));
    const run = standpoint(['test-rules'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /^FAIL {2}evidence-segment {2}\(2 fixtures\) {2}policy\/rules\/evidence-segment\/rule\.yaml$/m);
    assert.match(run.stdout, /^ {4}✗ invalid\/missing\.yaml$/m);
    assert.match(run.stdout, /^ {6}\+ line 11:7 {4}evidence-segment {3}Evidence from support-tickets does not say which customer segment it comes from\.$/m);
    assert.match(run.stdout, /^ {6}- line 12 {6}evidence-segment {3}\(expected, not reported\)$/m);
    assert.match(run.stdout, /- declared with an expect: marker but not reported {4}\+ reported but not declared/);
    assert.match(run.stdout, /1 rule, 0 passed, 1 failed · 2 cases, 1 passed, 1 failed/);
    const report = json(standpoint(['test-rules', '--format', 'json'], { cwd: ws }));
    const failed = report.rules[0].cases.find((c) => !c.passed)!;
    assert.deepEqual(failed.missing, [{ file: 'policy/rules/evidence-segment/fixtures/invalid/missing.yaml', rule: 'evidence-segment', line: 12 }]);
    assert.deepEqual(
      failed.unexpected.map((u) => [u.rule, u.line, u.column]),
      [['evidence-segment', 11, 7]],
    );
  });

  it('fails a valid fixture on which the rule fires, and one that carries expect markers', () => {
    const ws = make(
      teamRule({
        'policy/rules/evidence-segment/fixtures/valid/fires.yaml': `${RECORD_HEAD}    - source: survey\n`,
        'policy/rules/evidence-segment/fixtures/valid/marked.yaml': VALID.replace('segment: small business', 'segment: small business   # expect: evidence-segment'),
      }),
    );
    const report = json(standpoint(['test-rules', '--format', 'json'], { cwd: ws }));
    const cases = Object.fromEntries(report.rules[0].cases.map((c) => [c.name, c]));
    assert.equal(cases['valid/ok.yaml'].passed, true);
    assert.equal(cases['valid/fires.yaml'].passed, false);
    assert.deepEqual(
      cases['valid/fires.yaml'].unexpected.map((u) => `${u.rule}@${u.line}`),
      ['evidence-segment@9'],
    );
    assert.equal(cases['valid/marked.yaml'].passed, false);
    assert.match(cases['valid/marked.yaml'].problems.join('\n'), /a valid fixture declares no findings: remove its expect markers \(lines 10\)/);
  });

  it('fails an invalid fixture that does not declare the rule under test', () => {
    const ws = make(teamRule({ 'policy/rules/evidence-segment/fixtures/invalid/nothing.yaml': VALID }));
    const run = standpoint(['test-rules'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(
      run.stdout,
      /✗ invalid\/nothing\.yaml\n {6}! an invalid fixture must show evidence-segment firing: add "expect: evidence-segment" on the line where it fires/,
    );
  });

  it('runs docs.examples: a passing example must be silent, a firing one must match its markers', () => {
    const withExamples = `${SEGMENT_RULE}  examples:
    - title: No segment
      valid: false
      code: |
${INVALID.split('\n')
  .map((l) => (l ? `        ${l}` : l))
  .join('\n')}
    - title: Wrongly said to pass
      valid: true
      code: |
${INVALID.replace('   # expect: evidence-segment', '')
  .split('\n')
  .map((l) => (l ? `        ${l}` : l))
  .join('\n')}
`;
    const ws = make(teamRule({ 'policy/rules/evidence-segment/rule.yaml': withExamples }));
    const run = standpoint(['test-rules'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /FAIL {2}evidence-segment {2}\(2 fixtures, 2 examples\)/);
    assert.doesNotMatch(run.stdout, /docs\.examples\[0\]/);
    assert.match(run.stdout, /✗ docs\.examples\[1\] "Wrongly said to pass" \(passes\)\n {6}\+ line 11:7 {4}evidence-segment/);
    // The examples are checked in memory: nothing is written next to the rule.
    assert.ok(!fs.existsSync(path.join(ws, 'policy/rules/evidence-segment/docs.examples')));
  });

  it('exits 2, naming file, line and column, when a rule file is broken', () => {
    const ws = make(teamRule({ 'policy/rules/evidence-segment/rule.yaml': SEGMENT_RULE.replace('severity: warning', 'severity: loud') }));
    const run = standpoint(['test-rules'], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /policy\/rules\/evidence-segment\/rule\.yaml:2:11: /);
    assert.ok(!hasStackTrace(run.stderr));
  });

  it('exits 2 for a folder that does not exist or holds no rules', () => {
    const ws = make({ 'empty/.keep': '' });
    const missing = standpoint(['test-rules', 'nope'], { cwd: ws });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /standpoint: nope: no such folder/);
    const empty = standpoint(['test-rules', 'empty'], { cwd: ws });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /empty: no rules found/);
  });

  it('reports a broken fixture folder configuration as a failing case, not a crash', () => {
    const ws = make(
      teamRule({
        'policy/rules/evidence-segment/fixtures/invalid/ws/.standpoint.yaml': 'root: true\nrulez: {}\n',
        'policy/rules/evidence-segment/fixtures/invalid/ws/decisions/r.yaml': INVALID,
      }),
    );
    const run = standpoint(['test-rules'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /✗ invalid\/ws\n {6}! .*\.standpoint\.yaml:2:1: .*rulez/);
  });
});

describe('cli: test-rules --coverage', function () {
  // Every fixture and docs example of every built-in rule, twice over: well past mocha's default on a busy 2-core machine.
  this.timeout(120_000);
  const make = tempWorkspaces();

  it('is clean on the built-in rules but for words and phrases no fixture uses, which do not fail the run', () => {
    const run = standpoint(['test-rules', '--coverage', '--format', 'json']);
    assert.equal(run.code, 0, show(run));
    const gaps = json(run).coverage!;
    assert.deepEqual(
      gaps.filter((g) => g.untested),
      [],
    );
    assert.ok(
      gaps.every((g) => g.kind === 'words-never-matched' || g.kind === 'phrases-never-matched'),
      JSON.stringify(gaps),
    );
    const hedged = gaps.find((g) => g.rule === 'promise-hedged')!;
    assert.equal(hedged.at, 'checks[0].phrases');
    // Computed from what fired: "aim [to|for]", "where ... possible", "ideally" are in the fixtures; a long list is cut short.
    assert.match(hedged.message, /^checks\[0\] \(find on promises\[\*\]\.promise\): \d+ of \d+ phrases never matched: hope \[to\|that\], hopefully, .* and \d+ more$/);
    assert.doesNotMatch(hedged.message, /aim \[to\|for\]|ideally/);
  });

  it('reports rules without fixtures, checks that never fired, unmatched patterns and severity_when entries never applied; exit 1 for untested parts', () => {
    const rule = `id: pricing-evidence
severity: warning
principle: brutal-facts
title: Pricing changes rest on customer evidence
message: Add customer evidence.
applies_to:
  kinds: [pricing-change]
severity_when:
  - when: {path: status, equals: approved}
    severity: error
checks:
  - kind: assert
    assert: {path: customer_standpoint.evidence, present: true}
    report: customer_standpoint
  - kind: assert
    given: customer_standpoint.evidence[*]
    assert: {path: summary, present: true}
  - kind: find
    given: title
    patterns: ['\\bsurcharge\\b', '\\bfee\\b']
docs:
  rationale: Prices are felt by customers.
  triggers: No evidence.
  comply: Add evidence.
`;
    const fixture = `decision: pricing-change
id: PR-2026-002
title: New delivery surcharge   # expect: pricing-evidence
status: proposed
owner: Dana Reyes
customer_impact: direct
customer_standpoint:   # expect: pricing-evidence
  advocates: [Priya Shah]
`;
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/pricing-evidence/rule.yaml': rule,
      'rules/pricing-evidence/fixtures/invalid/none.yaml': fixture,
      'rules/bare/rule.yaml': SEGMENT_RULE.replace('id: evidence-segment', 'id: bare'),
    });
    const run = standpoint(['test-rules', '--coverage', '--format', 'json'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    const report = json(run);
    assert.ok(
      report.rules.every((r) => r.passed),
      'the fixtures themselves pass',
    );
    assert.deepEqual(
      report.coverage!.map((g) => `${g.rule} ${g.kind} ${g.at ?? ''} ${g.untested}`),
      [
        'bare no-valid-fixture  true',
        'bare no-invalid-fixture  true',
        'bare check-never-fired checks[0] true',
        'pricing-evidence no-valid-fixture  true',
        'pricing-evidence check-never-fired checks[1] true',
        'pricing-evidence patterns-never-matched checks[2].patterns false',
        'pricing-evidence severity-when-never-applied severity_when[0] false',
      ],
    );
    const text = standpoint(['test-rules', '--coverage'], { cwd: ws });
    assert.match(text.stdout, /^ {4}✗ checks\[1\] \(assert on customer_standpoint\.evidence\[\*\]\) never fired in an invalid fixture or example$/m);
    assert.match(text.stdout, /^ {4}· checks\[2\] \(find on title\): 1 of 2 patterns never matched: \/\\bfee\\b\/$/m);
    assert.match(text.stdout, /7 gaps in 2 rules: 5 untested \(✗, fail the run\), 2 partly exercised \(·\)/);
  });
});

describe('cli: new-rule', () => {
  const make = tempWorkspaces();

  it('scaffolds a rule and fixtures in the first rule_dirs entry; test-rules passes right away', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules, more/rules]\n', 'policy/rules/.keep': '', 'more/rules/.keep': '' });
    const run = standpoint(['new-rule', 'pricing-segments-evidence'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.equal(
      run.stdout,
      [
        'created policy/rules/pricing-segments-evidence/rule.yaml',
        'created policy/rules/pricing-segments-evidence/fixtures/valid/example.yaml',
        'created policy/rules/pricing-segments-evidence/fixtures/invalid/example.yaml',
        'next: edit policy/rules/pricing-segments-evidence/rule.yaml and its fixtures, then run standpoint test-rules policy/rules',
        '',
      ].join('\n'),
    );
    const rule = fs.readFileSync(path.join(ws, 'policy/rules/pricing-segments-evidence/rule.yaml'), 'utf8');
    assert.doesNotMatch(rule, /TODO|FIXME|XXX/);
    assert.match(rule, /rationale: \|\n {4}Explain why/);
    const tested = standpoint(['test-rules', 'policy/rules'], { cwd: ws });
    assert.equal(tested.code, 0, show(tested));
    assert.match(tested.stdout, /PASS {2}pricing-segments-evidence {2}\(2 fixtures\)/);
    const covered = standpoint(['test-rules', 'policy/rules', '--coverage'], { cwd: ws });
    assert.equal(covered.code, 0, show(covered));
    // The scaffolded rule runs in check too, and appears in the catalogue.
    assert.match(standpoint(['rules'], { cwd: ws }).stdout, /^pricing-segments-evidence +warning/m);
    assert.equal(standpoint(['explain', 'pricing-segments-evidence'], { cwd: ws }).code, 0);
  });

  it('writes to --dir, creating it, and says when that folder is not in rule_dirs', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\n' });
    const run = standpoint(['new-rule', 'my-rule', '--dir', 'team/rules'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /note: team\/rules is not in the rule_dirs of your \.standpoint\.yaml: add it there so standpoint check runs this rule/);
    assert.equal(standpoint(['test-rules', 'team/rules'], { cwd: ws }).code, 0);
  });

  it('refuses to overwrite an existing rule (exit 2), and leaves it untouched', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n', 'rules/mine/rule.yaml': 'keep me\n' });
    const run = standpoint(['new-rule', 'mine'], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /standpoint: rules\/mine already exists; new-rule never overwrites a rule/);
    assert.equal(fs.readFileSync(path.join(ws, 'rules/mine/rule.yaml'), 'utf8'), 'keep me\n');
  });

  it('exits 2 with a clear message without --dir and without rule_dirs, for a bad id, and for a built-in id', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\n' });
    const none = standpoint(['new-rule', 'my-rule'], { cwd: ws });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /standpoint: no rule folder: pass --dir DIR, or add rule_dirs: \[policy\/rules\] to \.standpoint\.yaml/);
    const bad = standpoint(['new-rule', 'My_Rule', '--dir', 'r'], { cwd: ws });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /rule id "My_Rule" must be kebab-case/);
    const builtin = standpoint(['new-rule', 'promise-hedged', '--dir', 'r'], { cwd: ws });
    assert.equal(builtin.code, 2);
    assert.match(builtin.stderr, /"promise-hedged" is a built-in rule; choose another id/);
    assert.ok(!fs.existsSync(path.join(ws, 'r')));
  });
});

describe('cli: explain shows options with defaults and examples', () => {
  it('prints the options table with defaults and descriptions, and the worked examples', () => {
    const run = standpoint(['explain', 'promise-hedged']);
    assert.equal(run.code, 0, show(run));
    assert.match(
      run.stdout,
      /\| `hedges` \| `\["hope \[to\\\|that\]","hopefully",.*"not guaranteed"\]` \| Hedging phrases, matched in promise texts by meaning-bearing words, each in any inflection \(see Phrases in the rule language\)\. \|/,
    );
    assert.match(run.stdout, /\| `extra_hedges` \| `\[\]` \| A team's own hedging phrases/);
    assert.match(run.stdout, /## Example: A hedged promise \(fires\)\n\n```yaml\ndecision: policy-change\n/);
    assert.match(run.stdout, /## Example: The same promise, stated as an outcome customers can count on \(passes\)/);
  });

  it('shows a Markdown example in a markdown block', () => {
    const run = standpoint(['explain', 'no-diffused-ownership']);
    assert.match(run.stdout, /## Example: A department instead of a person, in a Markdown record \(fires\)\n\n```markdown\n---\n/);
  });
});
