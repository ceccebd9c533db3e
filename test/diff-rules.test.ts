import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { git, hasStackTrace, record, show, standpoint, tempWorkspaces, TODAY, writeFiles } from './helpers/cli.js';

// `standpoint diff-rules --base REF`: the team's rule set at REF against the working one, same records.

interface Diff {
  base: string;
  recordsChecked: number;
  rules: { added: string[]; removed: string[]; changed: string[] };
  newlyFailing: string[];
  newlyPassing: string[];
  appeared: Array<{ file: string; rule: string; severity: string; message: string; line: number }>;
  disappeared: Array<{ file: string; rule: string; severity: string; message: string; line: number }>;
  severityChanged: Array<{ file: string; rule: string; severity: string; from: string }>;
}

/** A team rule: every record must name its approvers; severity and kinds are parameters. */
function approversRule(severity: string, kinds?: string[]): string {
  return `id: approvers-named
severity: ${severity}
principle: accountability
title: Name who approves the decision
message: Name at least one approver, so someone signs off for customers.
${kinds ? `applies_to:\n  kinds: [${kinds.join(', ')}]\n` : ''}checks:
  - kind: assert
    assert: {path: approvers, present: true}
    report: approvers
docs:
  rationale: A decision nobody approved is a decision nobody owns.
  triggers: A record without approvers.
  comply: Add the people who approve it under approvers.
`;
}

const noApprovers = (id: string, kind = 'launch-plan') => record({ id }).replace('approvers: [Mo Khan]\n', '').replace('decision: launch-plan', `decision: ${kind}`);

describe('diff-rules: preview a rule change over the same records', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();

  /** A repository whose commit has the team rule as a warning for launch plans only. */
  function repo(): string {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
      'policy/rules/approvers-named.yaml': approversRule('warning', ['launch-plan']),
      'decisions/launch.yaml': noApprovers('LP-2026-951'),
      'decisions/ok.yaml': record({ id: 'LP-2026-952' }),
    });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'rule set v1');
    return ws;
  }
  const diff = (ws: string, ...more: string[]) => standpoint(['diff-rules', '--base', 'main', '--today', TODAY, ...more], { cwd: ws });
  const json = (ws: string, ...more: string[]): Diff => {
    const run = diff(ws, '--format', 'json', ...more);
    assert.equal(run.code, 0, show(run));
    return JSON.parse(run.stdout) as Diff;
  };

  it('an unchanged rule set changes nothing', () => {
    const d = json(repo());
    assert.deepEqual(
      { ...d, rules: d.rules },
      {
        base: 'main',
        recordsChecked: 2,
        rules: { added: [], removed: [], changed: [] },
        newlyFailing: [],
        newlyPassing: [],
        appeared: [],
        disappeared: [],
        severityChanged: [],
      },
    );
  });

  it('raising a team rule to error: the record newly fails, its finding changes severity; exit 0 (a preview)', () => {
    const ws = repo();
    writeFiles(ws, { 'policy/rules/approvers-named.yaml': approversRule('error', ['launch-plan']) });
    const d = json(ws);
    assert.deepEqual(d.rules, { added: [], removed: [], changed: ['approvers-named'] });
    assert.deepEqual(d.newlyFailing, ['decisions/launch.yaml']);
    assert.deepEqual(d.newlyPassing, []);
    assert.deepEqual(
      d.severityChanged.map((f) => `${f.file} ${f.rule} ${f.from}→${f.severity}`),
      ['decisions/launch.yaml approvers-named warning→error'],
    );
    assert.deepEqual([d.appeared, d.disappeared], [[], []]);

    const text = diff(ws);
    assert.equal(text.code, 0, show(text));
    assert.match(text.stdout, /^Rule set at main → working tree: changed approvers-named\n/);
    assert.match(text.stdout, /\nNewly failing records \(1\):\n {2}decisions\/launch\.yaml\n/);
    assert.match(text.stdout, /\n {2}~ decisions\/launch\.yaml:\d+:\d+ {2}warning → error {2}Name at least one approver/);
    assert.match(text.stdout, /\n1 record newly fails, 0 newly pass; 0 findings appear, 0 disappear, 1 changes severity \(2 records checked\)\n$/);
  });

  it('widening a rule to more kinds makes findings appear on records it did not reach', () => {
    const ws = repo();
    writeFiles(ws, {
      'decisions/campaign.yaml': noApprovers('CA-2026-953', 'campaign').replace(/launch:[\s\S]*$/, 'audience: {segments: [all], exclude_open_service_issues: true}\n'),
    });
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'a campaign');
    writeFiles(ws, { 'policy/rules/approvers-named.yaml': approversRule('error') });
    const d = json(ws);
    assert.deepEqual(d.newlyFailing, ['decisions/campaign.yaml', 'decisions/launch.yaml']);
    assert.deepEqual(
      d.appeared.map((f) => `${f.file} ${f.rule} ${f.severity}`),
      ['decisions/campaign.yaml approvers-named error'],
    );
    assert.deepEqual(
      d.severityChanged.map((f) => f.file),
      ['decisions/launch.yaml'],
    );
  });

  it('deleting a team rule: the record newly passes and its finding disappears', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
      'policy/rules/approvers-named.yaml': approversRule('error'),
      'decisions/launch.yaml': noApprovers('LP-2026-954'),
    });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'v1');
    fs.rmSync(path.join(ws, 'policy/rules/approvers-named.yaml'));
    const d = json(ws);
    assert.deepEqual(d.rules.removed, ['approvers-named']);
    assert.deepEqual(d.newlyPassing, ['decisions/launch.yaml']);
    assert.deepEqual(
      d.disappeared.map((f) => `${f.file} ${f.rule}`),
      ['decisions/launch.yaml approvers-named'],
    );
  });

  it('a rule folder and config added since the base: the base has no team rules at all', () => {
    const ws = make({ 'decisions/launch.yaml': noApprovers('LP-2026-955'), 'decisions/ok.yaml': record({ id: 'LP-2026-956' }) });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'records only');
    writeFiles(ws, { '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n', 'policy/rules/approvers-named.yaml': approversRule('error') });
    const d = json(ws);
    assert.deepEqual(d.rules.added, ['approvers-named']);
    assert.deepEqual(d.newlyFailing, ['decisions/launch.yaml']);
    assert.deepEqual(
      d.appeared.map((f) => f.rule),
      ['approvers-named'],
    );
  });

  it('config changes count too: turning a built-in rule off and another up', () => {
    const ws = repo();
    writeFiles(ws, {
      'decisions/hedged.yaml': record({ id: 'LP-2026-957', promise: 'We aim to ship orders the same day' }),
    });
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'hedged record');
    writeFiles(ws, { '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\nrules:\n  promise-hedged: error\n  approvers-named: off\n' });
    const d = json(ws);
    assert.deepEqual(d.rules, { added: [], removed: [], changed: [] }, 'no rule definition changed');
    assert.deepEqual(d.newlyFailing, ['decisions/hedged.yaml']);
    assert.deepEqual(
      d.disappeared.map((f) => `${f.file} ${f.rule}`),
      ['decisions/launch.yaml approvers-named'],
    );
    assert.deepEqual(
      d.severityChanged.map((f) => `${f.file} ${f.rule} ${f.from}→${f.severity}`),
      ['decisions/hedged.yaml promise-hedged warning→error'],
    );
  });

  it("checks the working tree's records on both sides, including records not committed yet", () => {
    const ws = repo();
    writeFiles(ws, { 'decisions/draft.yaml': noApprovers('LP-2026-958'), 'policy/rules/approvers-named.yaml': approversRule('error', ['launch-plan']) });
    const d = json(ws);
    assert.equal(d.recordsChecked, 3);
    assert.deepEqual(d.newlyFailing, ['decisions/draft.yaml', 'decisions/launch.yaml']);
  });

  it('the same rule set at another commit: --base accepts any ref', () => {
    const ws = repo();
    writeFiles(ws, { 'policy/rules/approvers-named.yaml': approversRule('error', ['launch-plan']) });
    git(ws, 'commit', '-q', '-am', 'rule set v2');
    const run = standpoint(['diff-rules', '--base', 'HEAD~1', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.deepEqual((JSON.parse(run.stdout) as Diff).newlyFailing, ['decisions/launch.yaml']);
    assert.deepEqual((JSON.parse(standpoint(['diff-rules', '--base', 'HEAD', '--format', 'json', '--today', TODAY], { cwd: ws }).stdout) as Diff).newlyFailing, []);
  });

  it('markdown output is a PR comment', () => {
    const ws = repo();
    writeFiles(ws, { 'policy/rules/approvers-named.yaml': approversRule('error', ['launch-plan']) });
    const run = diff(ws, '--format', 'markdown');
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^## Standpoint rule change preview \(main → this branch\)\n/);
    assert.match(run.stdout, /### Newly failing records\n\n- `decisions\/launch\.yaml`\n/);
  });

  it('a broken rule file at the base is a configuration error that says so (exit 2)', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
      'policy/rules/approvers-named.yaml': 'id: approvers-named\nseverity: fatal\n',
      'decisions/launch.yaml': noApprovers('LP-2026-959'),
    });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'broken');
    writeFiles(ws, { 'policy/rules/approvers-named.yaml': approversRule('error') });
    const run = diff(ws);
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /approvers-named\.yaml:\d+:\d+: .*\(in the rule set at main\)/);
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
  });

  it('an unknown ref exits 2 with the same advice as --changed-since; --base is required', () => {
    const ws = repo();
    const run = standpoint(['diff-rules', '--base', 'origin/main'], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /git ref "origin\/main" is not known here/);
    const missing = standpoint(['diff-rules'], { cwd: ws });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--base <ref>/);
  });

  it('reads rule files out of git without touching the working tree or leaving files behind', () => {
    const ws = repo();
    writeFiles(ws, { 'policy/rules/approvers-named.yaml': approversRule('error', ['launch-plan']) });
    const status = git(ws, 'status', '--porcelain');
    const tmp = fs.readdirSync(path.dirname(ws)).filter((n) => n.startsWith('standpoint-rules-at-ref-')).length;
    json(ws);
    assert.equal(git(ws, 'status', '--porcelain'), status);
    assert.equal(fs.readFileSync(path.join(ws, 'policy/rules/approvers-named.yaml'), 'utf8'), approversRule('error', ['launch-plan']));
    assert.equal(fs.readdirSync(path.dirname(ws)).filter((n) => n.startsWith('standpoint-rules-at-ref-')).length, tmp, 'the temporary copy is removed');
  });
});
