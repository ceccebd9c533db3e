import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findings, git, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY, triples, writeFiles, register, type JsonFinding } from './helpers/cli.js';
import { BUILTIN_RULE_IDS } from './helpers/catalogue.js';
import { REPO, RULES_DIR, SAMPLES_DIR } from './helpers/paths.js';

/** The six findings on the samples at 2026-11-20, as `rule@file:line`. */
const SAMPLE_FINDINGS = [
  'campaign-excludes-open-issues@samples/decisions/ca-2026-019-black-friday-early-access.yaml:27',
  'launch-readiness-vs-quarter@samples/decisions/lp-2026-027-holiday-gift-bundles.yaml:58',
  'promise-hedged@samples/decisions/pol-2026-013-instant-refunds.md:44',
  'promise-ref-resolves@samples/decisions/sp-2026-002-business-accounts-2027.yaml:37',
  'single-score-reliance@samples/decisions/sp-2026-006-plus-growth-2027.md:51',
  'touchpoint-cut-needs-reinvestment@samples/decisions/bc-2026-017-contact-centre-staffing.md:10',
];
const JSON_KEYS = ['column', 'docsUrl', 'endColumn', 'endLine', 'file', 'line', 'message', 'principle', 'rule', 'severity'];
const BUILTIN_IDS = [...BUILTIN_RULE_IDS];
const HEDGED = 'We aim to ship orders the same day';

describe('cli: check on the samples', () => {
  const make = tempWorkspaces();
  const check = (...args: string[]) => standpoint(['check', 'samples', '--today', TODAY, ...args]);

  it('exits 1 with exactly the six sample findings', () => {
    const run = check('--format', 'json');
    assert.equal(run.code, 1, show(run));
    assert.deepEqual(triples(findings(run)), SAMPLE_FINDINGS);
    assert.equal(run.stderr, '');
  });

  it('prints each finding with exactly the SPEC §4 JSON keys and a docs URL for its rule', () => {
    for (const f of findings(check('--format', 'json'))) {
      assert.deepEqual(Object.keys(f).sort(), JSON_KEYS);
      assert.ok(f.docsUrl.endsWith(`docs/rules/${f.rule}.md`), f.docsUrl);
      assert.ok(['error', 'warning', 'info'].includes(f.severity));
      assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line, JSON.stringify(f));
      assert.ok(f.principle.length > 0 && f.message.length > 0);
    }
  });

  it('--quiet keeps the errors only', () => {
    const run = check('--format', 'json', '--quiet');
    assert.equal(run.code, 1);
    assert.deepEqual(
      triples(findings(run)),
      SAMPLE_FINDINGS.filter((t) => !/^(promise-hedged|single-score-reliance)@/.test(t)),
    );
    const stylish = check('--quiet');
    assert.doesNotMatch(stylish.stdout, /\bwarning\b.*(promise-hedged|single-score-reliance)/);
    assert.match(stylish.stdout, /4 problems \(4 errors, 0 warnings, 0 info\)/);
  });

  it("--rule ID:off removes that rule's finding", () => {
    const run = check('--format', 'json', '--rule', 'promise-hedged:off');
    assert.equal(run.code, 1);
    assert.deepEqual(
      triples(findings(run)),
      SAMPLE_FINDINGS.filter((t) => !t.startsWith('promise-hedged@')),
    );
  });

  it('--rule ID:error raises a warning to an error', () => {
    const hedged = findings(check('--format', 'json', '--rule', 'promise-hedged:error')).find((f) => f.rule === 'promise-hedged');
    assert.equal(hedged?.severity, 'error');
  });

  it('--rule with an unknown id exits 2 with a clear message and no stack trace', () => {
    const run = check('--rule', 'bogus:error');
    assert.equal(run.code, 2, show(run));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /unknown rule "bogus"/);
    assert.doesNotMatch(run.stderr, /did you mean/);
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
    const near = check('--rule', 'promise-hedge:error');
    assert.equal(near.code, 2);
    assert.match(near.stderr, /did you mean "promise-hedged"/);
  });

  it('--rule with a bad severity exits 2', () => {
    const run = check('--rule', 'promise-hedged:loud');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--rule expects ID:SEVERITY.*"promise-hedged:loud"/);
  });

  it('an impossible --today or STANDPOINT_TODAY exits 2', () => {
    const flag = standpoint(['check', 'samples', '--today', '2026-13-40']);
    assert.equal(flag.code, 2, show(flag));
    assert.match(flag.stderr, /--today must be a date as YYYY-MM-DD, got "2026-13-40"/);
    assert.ok(!hasStackTrace(flag.stderr));
    const env = standpoint(['check', 'samples'], { env: { STANDPOINT_TODAY: '2026-02-30' } });
    assert.equal(env.code, 2, show(env));
    assert.match(env.stderr, /STANDPOINT_TODAY must be a date/);
  });

  it('honours STANDPOINT_TODAY for date rules, and --today over it', () => {
    const later = standpoint(['check', 'samples', '--format', 'json'], { env: { STANDPOINT_TODAY: '2027-04-15' } });
    assert.equal(later.code, 1);
    assert.deepEqual(
      triples(findings(later)),
      [
        ...SAMPLE_FINDINGS,
        // The waiver expired on 2027-03-31, so it waives nothing any more.
        'evidence-stale@samples/decisions/pr-2026-005-small-basket-delivery-fee.yaml:14',
        'promise-review-date@samples/decisions/lp-2026-014-one-click-reorder.yaml:42',
        'waiver-expired@samples/decisions/pr-2026-005-small-basket-delivery-fee.yaml:48',
        // Reviews have passed with no outcome recorded: decisions (at review_by), promises (at review, or at an older outcome).
        'outcome-recorded@samples/decisions/bc-2026-011-delivery-status-messages.yaml:9',
        'outcome-recorded@samples/decisions/pr-2026-010-plus-price.md:10',
        'outcome-recorded@samples/decisions/lp-2026-014-one-click-reorder.yaml:42',
        'outcome-recorded@samples/promises.yaml:10',
        'outcome-recorded@samples/promises.yaml:17',
        'outcome-recorded@samples/promises.yaml:25',
        'outcome-recorded@samples/promises.yaml:42',
      ].sort(),
    );
    const pinned = standpoint(['check', 'samples', '--format', 'json', '--today', TODAY], { env: { STANDPOINT_TODAY: '2027-04-15' } });
    assert.deepEqual(triples(findings(pinned)), SAMPLE_FINDINGS);
  });

  it('--output FILE writes the report there and nothing to stdout', () => {
    const out = path.join(make(), 'nested', 'report.json');
    const run = check('--format', 'json', '--output', out);
    assert.equal(run.code, 1, show(run));
    assert.equal(run.stdout, '');
    assert.deepEqual(triples(JSON.parse(fs.readFileSync(out, 'utf8')) as JsonFinding[]), SAMPLE_FINDINGS);
  });

  it('a path that does not exist exits 2 naming it', () => {
    const run = standpoint(['check', 'samples/no-such-folder', '--today', TODAY]);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /samples\/no-such-folder.*no such file or folder/);
    assert.equal(run.stdout, '');
  });
});

describe('cli: exit codes and config selection on temp workspaces', () => {
  const make = tempWorkspaces();

  it('init makes a clean workspace: exit 0 and "no problems"', () => {
    const ws = make();
    const init = standpoint(['init', '--today', TODAY], { cwd: ws });
    assert.equal(init.code, 0, show(init));
    assert.match(fs.readFileSync(path.join(ws, 'decisions', fs.readdirSync(path.join(ws, 'decisions'))[0]), 'utf8'), new RegExp(`date: ${TODAY}`));
    const run = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /✔ 1 decision record, 2 registries checked, no problems/);
    const json = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.equal(json.stdout.trim(), '[]');
  });

  it('warnings alone exit 0; over --max-warnings exit 1; --quiet hides them', () => {
    const text = record({ id: 'LP-2026-101', promise: HEDGED });
    const ws = make({ 'decisions/hedged.yaml': text });
    const plain = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(plain.code, 0, show(plain));
    assert.deepEqual(triples(findings(plain)), [`promise-hedged@decisions/hedged.yaml:${lineOf(text, HEDGED)}`]);
    assert.equal(standpoint(['check', '--no-config', '--today', TODAY, '--max-warnings', '0'], { cwd: ws }).code, 1);
    assert.equal(standpoint(['check', '--no-config', '--today', TODAY, '--max-warnings', '1'], { cwd: ws }).code, 0);
    const quiet = standpoint(['check', '--no-config', '--today', TODAY, '--quiet'], { cwd: ws });
    assert.equal(quiet.code, 0, show(quiet));
    assert.doesNotMatch(quiet.stdout, /promise-hedged|warning/);
    assert.match(quiet.stdout, /no problems/);
  });

  it('--max-warnings rejects a non-number with exit 2', () => {
    const run = standpoint(['check', 'samples', '--max-warnings', 'lots']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--max-warnings expects a whole number/);
  });

  it('--no-config ignores the workspace config; --config FILE uses that file instead', () => {
    const text = record({ id: 'LP-2026-102', promise: HEDGED });
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: off\n',
      'alt/strict-hedging.yaml': 'root: true\nrules:\n  promise-hedged: error\n',
      'decisions/hedged.yaml': text,
    });
    const hedge = `promise-hedged@decisions/hedged.yaml:${lineOf(text, HEDGED)}`;
    const found = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(findings(found), [], show(found));
    const none = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(triples(findings(none)), [hedge]);
    assert.equal(findings(none)[0].severity, 'warning');
    const alt = standpoint(['check', '--config', 'alt/strict-hedging.yaml', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(alt.code, 1, show(alt));
    assert.deepEqual(triples(findings(alt)), [hedge]);
    assert.equal(findings(alt)[0].severity, 'error');
  });
});

describe('cli: which files are checked', () => {
  const make = tempWorkspaces();
  const hedged = (id: string) => record({ id, promise: HEDGED });
  const hedgeLine = lineOf(hedged('X'), HEDGED);

  it('without config, uses the default globs relative to the checked folder', () => {
    const parent = make({
      'ws/decisions/a.yaml': hedged('LP-2026-201'),
      'ws/decisions/sub/c.yml': hedged('LP-2026-202'),
      'ws/other/b.decision.yaml': hedged('LP-2026-203'),
      'ws/misc/not-matched.yaml': hedged('LP-2026-204'),
      'ws/decisions.yaml': hedged('LP-2026-205'),
      'decisions/outside.yaml': hedged('LP-2026-206'),
    });
    const run = standpoint(['check', 'ws', '--today', TODAY, '--format', 'json'], { cwd: parent });
    assert.equal(run.code, 0, show(run));
    assert.deepEqual(triples(findings(run)), [
      `promise-hedged@ws/decisions/a.yaml:${hedgeLine}`,
      `promise-hedged@ws/decisions/sub/c.yml:${hedgeLine}`,
      `promise-hedged@ws/other/b.decision.yaml:${hedgeLine}`,
    ]);
  });

  it('checks a file given as PATH whatever the globs say', () => {
    const ws = make({ 'misc/not-matched.yaml': hedged('LP-2026-211'), 'notes.txt.yaml': 'just: notes\n' });
    const run = standpoint(['check', 'misc/not-matched.yaml', 'notes.txt.yaml', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.deepEqual(triples(findings(run)), [`promise-hedged@misc/not-matched.yaml:${hedgeLine}`, 'record-kind@notes.txt.yaml:1']);
  });

  it("skips .gitignore'd files and node_modules", () => {
    const ws = make({
      '.gitignore': 'generated/\n*.tmp.yaml\n',
      'decisions/kept.yaml': hedged('LP-2026-221'),
      'decisions/draft.tmp.yaml': hedged('LP-2026-222'),
      'generated/x.decision.yaml': hedged('LP-2026-224'),
      'node_modules/pkg/decisions/y.yaml': hedged('LP-2026-225'),
      'node_modules/pkg/z.decision.yaml': hedged('LP-2026-226'),
    });
    const run = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/kept.yaml:${hedgeLine}`], show(run));
  });

  const withIgnore = () =>
    make({
      '.standpoint.yaml': 'root: true\nfiles: ["decisions/**/*.yaml"]\nignore: ["decisions/archive/**"]\n',
      'decisions/kept.yaml': hedged('LP-2026-231'),
      'decisions/archive/old.yaml': hedged('LP-2026-232'),
    });

  it('skips config ignore: globs when checking a folder below the config', () => {
    const run = standpoint(['check', 'decisions', '--today', TODAY, '--format', 'json'], { cwd: withIgnore() });
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/kept.yaml:${hedgeLine}`], show(run));
  });

  // Regression: discovery once resolved the PARENT folder's config (configFor(path.join(abs, '.'))),
  // losing the checked folder's own `ignore:` and `files:`.
  it('skips config ignore: globs when checking the folder holding the config', () => {
    const run = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: withIgnore() });
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/kept.yaml:${hedgeLine}`], show(run));
  });

  it('checking the decisions/ subfolder of a workspace whose config has no files: finds its records', () => {
    const run = standpoint(['check', 'samples/decisions', '--today', TODAY, '--format', 'json']);
    assert.equal(run.code, 1, show(run));
    assert.deepEqual(triples(findings(run)), SAMPLE_FINDINGS);
  });

  it('does not report README.md in decisions/, and reports another non-record once as record-kind', () => {
    const ws = make({
      'decisions/README.md': '# Decision log\n\nHow we write decisions.\n',
      'decisions/notes.yaml': 'topic: holiday planning\nitems: [a, b]\n',
      'decisions/good.yaml': record({ id: 'LP-2026-241' }),
    });
    const run = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.deepEqual(triples(findings(run)), ['record-kind@decisions/notes.yaml:1']);
  });
});

describe('cli: --changed-since', () => {
  const make = tempWorkspaces();
  const hedged = (id: string) => record({ id, promise: HEDGED });
  const hedgeLine = lineOf(hedged('X'), HEDGED);

  function repo(): string {
    const ws = make({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': register(['P-1', 'P-2']),
      'decisions/a.yaml': hedged('LP-2026-301'),
      'decisions/b.yaml': hedged('LP-2026-302'),
      'decisions/c.yaml': record({ id: 'LP-2026-303', ref: 'P-2' }),
    });
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decisions');
    return ws;
  }
  const check = (ws: string, ref: string) => standpoint(['check', '--changed-since', ref, '--today', TODAY, '--format', 'json'], { cwd: ws });

  it('reports only records changed or added since the ref', () => {
    const ws = repo();
    assert.deepEqual(findings(check(ws, 'HEAD')), []);
    fs.appendFileSync(path.join(ws, 'decisions/a.yaml'), 'customer_impact_rationale: Every shopper who orders sees it\n');
    writeFiles(ws, { 'decisions/d.yaml': hedged('LP-2026-304') });
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 0, show(run));
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/a.yaml:${hedgeLine}`, `promise-hedged@decisions/d.yaml:${hedgeLine}`]);
    const all = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(findings(all).length, 3, 'without the flag, b.yaml is reported too');
  });

  it('reports an unchanged record whose promise was deleted from the register', () => {
    const ws = repo();
    writeFiles(ws, { 'promises.yaml': register(['P-1']) });
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 1, show(run));
    const text = record({ id: 'LP-2026-303', ref: 'P-2' });
    assert.deepEqual(triples(findings(run)), [`promise-ref-resolves@decisions/c.yaml:${lineOf(text, 'ref: P-2')}`]);
  });

  it('a ref git does not know exits 2 with a clear message', () => {
    const run = check(repo(), 'no-such-branch');
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /git ref "no-such-branch" is not known/);
    assert.equal(run.stdout, '');
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
  });

  it('outside a git repository exits 2', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-311' }) });
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /--changed-since needs a git repository/);
  });
});

describe('cli: rules, explain, init, new, help', () => {
  const make = tempWorkspaces();

  it('rules lists every built-in rule (each folder of rules/), one line each, and their count', () => {
    const run = standpoint(['rules']);
    assert.equal(run.code, 0, show(run));
    const lines = run.stdout.trimEnd().split('\n');
    const n = BUILTIN_IDS.length;
    assert.equal(lines.length, n + 1);
    assert.equal(lines[n], `${n} rules`);
    assert.deepEqual(
      lines.slice(0, n).map((l) => l.split(/\s+/)[0]),
      BUILTIN_IDS,
    );
    assert.match(run.stdout, /^promise-hedged\s+warning\s+keep-your-promises\s+/m);
    assert.match(run.stdout, /^campaign-excludes-open-issues\s+error\s/m);
  });

  it('rules --format json parses and describes every built-in rule', () => {
    const run = standpoint(['rules', '--format', 'json']);
    assert.equal(run.code, 0);
    const rules = JSON.parse(run.stdout) as Array<{ id: string; severity: string; builtin: boolean; docsUrl: string }>;
    assert.deepEqual(
      rules.map((r) => r.id),
      BUILTIN_IDS,
    );
    assert.ok(rules.every((r) => r.builtin && r.docsUrl.endsWith(`docs/rules/${r.id}.md`)));
    assert.equal(rules.find((r) => r.id === 'concern-unresolved')?.severity, 'warning');
  });

  it('explain prints the rationale, triggers, how to comply, options and the docs URL', () => {
    const run = standpoint(['explain', 'promise-hedged']);
    assert.equal(run.code, 0, show(run));
    const rule = parseYaml(fs.readFileSync(path.join(RULES_DIR, 'promise-hedged', 'rule.yaml'), 'utf8')) as { docs: Record<'rationale' | 'triggers' | 'comply', string> };
    // Layout-neutral: each section is a heading line (any markup) and its text, whitespace aside.
    const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
    const sections = [
      ['Why', rule.docs.rationale],
      ['What triggers it', rule.docs.triggers],
      ['How to comply', rule.docs.comply],
    ];
    let from = 0;
    for (const [heading, text] of sections) {
      const at = run.stdout.slice(from).search(new RegExp(`^[#* ]*${heading}[*: ]*$`, 'm'));
      assert.ok(at >= 0, `a "${heading}" heading after offset ${from}`);
      from += at;
      assert.ok(flat(run.stdout.slice(from)).includes(flat(text)), `the ${heading} text follows its heading`);
    }
    assert.match(run.stdout, /promise-hedged/);
    assert.match(run.stdout, /^[#* ]*Options\b/m);
    assert.match(run.stdout, /\bhedges\b.*"aim \[to/);
    assert.match(run.stdout, /^Docs: https:\/\/\S+\/docs\/rules\/promise-hedged\.md$/m);
  });

  it('explain of an unknown rule exits 2', () => {
    const run = standpoint(['explain', 'nope']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown rule "nope"/);
    assert.equal(run.stdout, '');
  });

  it('init refuses to overwrite, unless --force', () => {
    const ws = make();
    assert.equal(standpoint(['init'], { cwd: ws }).code, 0);
    fs.writeFileSync(path.join(ws, '.standpoint.yaml'), 'root: true\n');
    const again = standpoint(['init'], { cwd: ws });
    assert.equal(again.code, 2, show(again));
    assert.match(again.stderr, /already exist.*--force/);
    assert.equal(fs.readFileSync(path.join(ws, '.standpoint.yaml'), 'utf8'), 'root: true\n');
    const forced = standpoint(['init', '--force'], { cwd: ws });
    assert.equal(forced.code, 0, show(forced));
    assert.match(fs.readFileSync(path.join(ws, '.standpoint.yaml'), 'utf8'), /extends: \[recommended\]/);
  });

  it('new KIND - prints a record of that kind that parses', () => {
    const run = standpoint(['new', 'campaign', '-', '--today', TODAY]);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^decision: campaign$/m);
    assert.match(run.stdout, new RegExp(`^date: ${TODAY}$`, 'm'));
    const ws = make({ 'decisions/campaign.yaml': run.stdout });
    const check = findings(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws }));
    assert.deepEqual(
      check.filter((f) => f.rule === 'record-syntax' || f.rule === 'record-kind'),
      [],
    );
  });

  it('new KIND templates (YAML and Markdown) have no record-schema errors', () => {
    const ws = make();
    fs.writeFileSync(path.join(ws, 'campaign.yaml'), standpoint(['new', 'campaign', '-']).stdout);
    assert.equal(standpoint(['new', 'launch-plan', '--markdown', 'plan.md'], { cwd: ws }).code, 0);
    const run = standpoint(['check', 'campaign.yaml', 'plan.md', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(
      findings(run).filter((f) => f.rule.startsWith('record-')),
      [],
    );
  });

  it('new KIND --markdown FILE writes a Markdown record', () => {
    const ws = make();
    const run = standpoint(['new', 'launch-plan', '--markdown', 'x.md'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.equal(run.stdout, 'created x.md\n');
    const text = fs.readFileSync(path.join(ws, 'x.md'), 'utf8');
    assert.match(text, /^---\ndecision: launch-plan\n[\s\S]*?\n---\n# /);
    assert.match(text, /^## Customer evidence$/m);
    const check = findings(standpoint(['check', 'x.md', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws }));
    assert.deepEqual(
      check.filter((f) => f.rule === 'record-syntax' || f.rule === 'record-kind'),
      [],
    );
    assert.equal(standpoint(['new', 'launch-plan', '--markdown', 'x.md'], { cwd: ws }).code, 2, 'refuses to overwrite');
  });

  it('new with an unknown kind exits 2 listing the kinds', () => {
    const run = standpoint(['new', 'bogus', '-']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown kind "bogus".*launch-plan/);
  });

  it('--help exits 0; an unknown flag exits 2', () => {
    const help = standpoint(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: standpoint/);
    assert.match(help.stdout, /\bcheck\b/);
    const bad = standpoint(['check', 'samples', '--frobnicate']);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /unknown option '--frobnicate'/);
    assert.ok(!hasStackTrace(bad.stderr));
  });
});

describe('cli: did you mean, help and the rules table', () => {
  const make = tempWorkspaces();
  const COMMANDS = ['check', 'fix', 'baseline', 'diff-rules', 'report', 'rules', 'explain', 'init', 'new', 'test-rules', 'new-rule', 'docs', 'lsp'];

  it('a mistyped command is a usage error naming the command, not a path to check', () => {
    const run = standpoint(['chek', 'samples']);
    assert.equal(run.code, 2, show(run));
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'standpoint: unknown command "chek" (did you mean "check"?); no file or folder is called chek either\n');
    assert.match(standpoint(['explian', 'promise-hedged']).stderr, /unknown command "explian" \(did you mean "explain"\?\)/);
    // Not close to any command: still the default command's "no such file" (exit 2).
    const far = standpoint(['quarterly-numbers']);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /quarterly-numbers: no such file or folder/);
    // A folder that happens to be spelt like a typo is checked, as before.
    const ws = make({ 'chek/decisions/a.yaml': record({ id: 'LP-2026-701' }) });
    const folder = standpoint(['chek', '--no-config', '--today', TODAY], { cwd: ws });
    assert.equal(folder.code, 0, show(folder));
    assert.match(folder.stdout, /✔ 1 decision record checked, no problems/);
  });

  it('explain, --format and new KIND suggest the value that was meant', () => {
    const explain = standpoint(['explain', 'promise-hedgd']);
    assert.equal(explain.code, 2);
    assert.equal(explain.stderr, 'standpoint: unknown rule "promise-hedgd" (did you mean "promise-hedged"?); standpoint rules lists them all\n');
    assert.equal(standpoint(['explain', 'nope']).stderr, 'standpoint: unknown rule "nope"; standpoint rules lists them all\n');
    const format = standpoint(['check', 'samples', '--format', 'jsn']);
    assert.equal(format.code, 2);
    assert.equal(format.stdout, '');
    assert.equal(
      format.stderr,
      'standpoint: --format expects one of stylish, json, sarif, github, junit, markdown, rdjson, pr-comment, got "jsn" (did you mean "json"?)\n',
    );
    assert.match(standpoint(['rules', '--format', 'jsno']).stderr, /--format expects one of text, json, got "jsno" \(did you mean "json"\?\)/);
    assert.match(standpoint(['check', 'samples', '--cache-strategy', 'contnet']).stderr, /got "contnet" \(did you mean "content"\?\)/);
    const kind = standpoint(['new', 'lauch-plan', '-']);
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /^standpoint: unknown kind "lauch-plan" \(did you mean "launch-plan"\?\); the kinds are launch-plan, /);
  });

  it("every command's --help shows its exit codes and examples, and no internal defaults", () => {
    for (const command of COMMANDS) {
      const run = standpoint([command, '--help']);
      assert.equal(run.code, 0, `${command}: ${show(run)}`);
      const exitCodes = /\nExit codes:\n((?: {2}\d {2}\S.*\n)+)/.exec(run.stdout);
      assert.ok(exitCodes, `${command} --help lists exit codes:\n${run.stdout}`);
      assert.ok(exitCodes[1].startsWith('  0  '), command);
      const examples = /\nExamples:\n((?: {2}\$ .*\n)+)$/.exec(run.stdout);
      assert.ok(examples, `${command} --help ends with examples:\n${run.stdout}`);
      const count = examples[1].trimEnd().split('\n').length;
      assert.ok(count >= 2 && count <= 3, `${command}: ${count} examples`);
      assert.ok(examples[1].includes(`$ standpoint ${command}`), `${command}: an example runs the command itself`);
      assert.doesNotMatch(run.stdout, /\(default: (-1|\{\}|false|true|\[\])\)|default: \["/, command);
    }
    const check = standpoint(['check', '--help']).stdout;
    assert.match(check, /^ {2}1 {2}errors, more warnings than --max-warnings, or a baseline listing findings that no longer occur$/m);
    // Option descriptions wrap with the terminal width: compare them with spacing collapsed.
    const flat = check.replace(/\s+/g, ' ');
    assert.ok(flat.includes('-f, --format <format> output format (one of stylish, json, sarif, github, junit, markdown, rdjson, pr-comment; default: stylish)'), flat);
    assert.ok(flat.includes('paths files or folders to check (default: the current folder)'), flat);
    assert.ok(flat.includes('--max-warnings <n> fail (exit 1) when there are more warnings than this -c, --config'), flat);
    const root = standpoint(['--help']).stdout;
    assert.match(root, /\nExit codes:\n {2}0 {2}/);
    assert.match(root, /\nExamples:\n {2}\$ standpoint check\n/);
  });

  it("the README's first command prints, on any date, exactly the output samples/README.md shows", () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const [install, test] = /^```sh\n(.*)\n(.*)\n/m.exec(readme)!.slice(1);
    assert.match(install, /^npm install && npx standpoint check samples --today 2026-11-20 +# /);
    assert.match(test, /^npm test +# /);
    const run = standpoint(['check', 'samples', '--today', '2026-11-20']);
    assert.equal(run.code, 1, show(run));
    const expected = /## Expected output[\s\S]*?```text\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(SAMPLES_DIR, 'README.md'), 'utf8'))![1];
    assert.equal(run.stdout, expected);
  });

  it('rules: every column starts at the same place on every line', () => {
    const lines = standpoint(['rules']).stdout.trimEnd().split('\n').slice(0, -1);
    const starts = lines.map((l) => [...l.matchAll(/(?<=\S {2,})\S/g)].slice(0, 3).map((m) => m.index));
    assert.ok(starts.length > 30);
    assert.ok(
      starts.every((s) => JSON.stringify(s) === JSON.stringify(starts[0])),
      lines.filter((_, i) => JSON.stringify(starts[i]) !== JSON.stringify(starts[0])).join('\n'),
    );
    // Each column is as wide as its longest value, then two spaces.
    const widest = (i: number) => Math.max(...lines.map((l) => l.split(/\s+/)[i].length));
    assert.deepEqual(starts[0], [widest(0) + 2, widest(0) + 2 + widest(1) + 2, widest(0) + 2 + widest(1) + 2 + widest(2) + 2]);
  });
});
