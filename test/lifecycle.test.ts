import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LintSession } from '../server/src/core/engine/session.js';
import type { Finding } from '../server/src/core/types.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { findings, git, lineOf, show, standpoint, tempWorkspaces, TODAY, triples } from './helpers/cli.js';

/** A small record of any status: only the fields the lifecycle rules read, plus `extra` lines. */
function lifecycleRecord(id: string, status: string, extra = ''): string {
  return `decision: policy-change\nid: ${id}\ntitle: Policy ${id}\nstatus: ${status}\ndate: 2026-01-10\nowner: Dana Reyes\ncustomer_impact: indirect\n${extra}`;
}

const LIFECYCLE = new Set(['supersession-consistent', 'approved-relies-on-retired', 'outcome-recorded']);

/** `rule@file:line message` for the lifecycle findings of a run. */
function lifecycleFindings(list: Array<{ rule: string; file: string; line: number; message: string }>): string[] {
  return list
    .filter((f) => LIFECYCLE.has(f.rule))
    .map((f) => `${f.rule}@${path.basename(f.file)}:${f.line} ${f.message}`)
    .sort();
}

describe('lifecycle: the reference check across documents', () => {
  const make = tempWorkspaces();

  it('reports a one-way link at the id, with the other record as a related place and its line in the message', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/new.yaml': lifecycleRecord('PC-2', 'approved', 'supersedes:\n  - PC-1\n'),
      'decisions/old.yaml': lifecycleRecord('PC-1', 'superseded', 'superseded_by: PC-9\n'),
    });
    const project = openNodeProject({ cwd: ws, today: TODAY });
    const session = new LintSession(project);
    for (const f of ['new.yaml', 'old.yaml']) session.setRecord(path.join(ws, 'decisions', f), fs.readFileSync(path.join(ws, 'decisions', f), 'utf8'));
    const byFile = session.results().byFile;
    const onNew = byFile.get(path.join(ws, 'decisions/new.yaml'))!.filter((f) => LIFECYCLE.has(f.rule));
    assert.deepEqual(
      onNew.map((f) => [f.rule, f.line, f.column, f.endColumn, f.message]),
      [
        [
          'supersession-consistent',
          9,
          5,
          9,
          'PC-1 (decisions/old.yaml:2) does not name this record as its successor: set superseded_by: PC-2 and status: superseded there. It names PC-9 instead.',
        ],
      ],
    );
    assert.deepEqual(onNew[0].related, [{ file: path.join(ws, 'decisions/old.yaml'), line: 2, column: 5, endLine: 2, endColumn: 9 }]);
    // The old record's own link names a record that does not exist.
    const onOld = byFile.get(path.join(ws, 'decisions/old.yaml'))!.filter((f) => LIFECYCLE.has(f.rule));
    assert.deepEqual(
      onOld.map((f) => [f.rule, f.line, f.column, f.related]),
      [['supersession-consistent', 8, 16, undefined]],
    );
    assert.match(onOld[0].message, /^This record is superseded by "PC-9", but no other record in the workspace has that id/);
  });

  it('a team rule resolves each item of a list written as text against documents of its own format, by glob and field', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nfiles: ["keps/**/kep.yaml"]\nrule_dirs: [rules]\nrules: {record-kind: off}\n',
      'keps/0012/kep.yaml': 'number: 12\ntitle: Sidecars\nstatus: implemented\n',
      'keps/0015/kep.yaml': 'number: 15\ntitle: Ephemeral volumes\nstatus: withdrawn\n',
      'keps/0020/kep.yaml': 'number: 20\ntitle: Pod overhead\nstatus: implementable\nrequires: "12, 15,  99"\n',
      'rules/kep-requires-exists/rule.yaml': [
        'id: kep-requires-exists',
        'severity: error',
        'principle: readable-records',
        'title: Every KEP a proposal requires exists',
        'message: "KEP {{$value}} is required but no KEP has that number"',
        'applies_to: {documents: [non-record]}',
        'checks:',
        '  - kind: reference',
        '    given: requires',
        '    split: ","',
        '    to: {documents: [non-record], files: ["keps/**/kep.yaml"], field: number}',
        '  - kind: reference',
        '    given: requires',
        '    split: ","',
        '    to: {documents: [non-record], field: number, where: {path: status, equals: withdrawn}}',
        '    fires_on: resolved',
        '    message: "KEP {{$value}} is required but was {{$target.status}} ({{$detail}}): {{$target.title}}"',
        'docs: {rationale: r, triggers: t, comply: c}',
        '',
      ].join('\n'),
    });
    const run = standpoint(['check', '.', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    const line = findings(run)
      .filter((f) => f.rule === 'kep-requires-exists')
      .map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn} ${f.message}`);
    assert.deepEqual(line, [
      'keps/0020/kep.yaml:4:16-18 KEP 15 is required but was withdrawn (keps/0015/kep.yaml:1): Ephemeral volumes',
      'keps/0020/kep.yaml:4:21-23 KEP 99 is required but no KEP has that number',
    ]);
  });

  it('a reference check without to.field is a located rule-file error, not a crash', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'decisions/a.yaml': lifecycleRecord('PC-1', 'approved'),
      'rules/bad-ref/rule.yaml':
        'id: bad-ref\nseverity: error\nprinciple: p\ntitle: A bad reference rule\nmessage: m\nchecks:\n  - kind: reference\n    given: supersedes[*]\n    to: {documents: [record]}\ndocs: {rationale: r, triggers: t, comply: c}\n',
    });
    const run = standpoint(['check', '.', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /rules\/bad-ref\/rule\.yaml:9:\d+: .*field/);
  });
});

describe('lifecycle: incremental, cached and --changed-since runs see changes to the other record', () => {
  const make = tempWorkspaces();
  const pair = () =>
    make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/new.yaml': lifecycleRecord('PC-2', 'approved', 'supersedes: [PC-1]\n'),
      'decisions/old.yaml': lifecycleRecord('PC-1', 'superseded', 'superseded_by: PC-2\n'),
      'decisions/other.yaml': lifecycleRecord('PC-3', 'approved', 'depends_on: [PC-2]\n'),
    });

  it('the language server session re-resolves a record when only the record it names changed', () => {
    const ws = pair();
    const session = new LintSession(openNodeProject({ cwd: ws, today: TODAY }));
    const file = (n: string) => path.join(ws, 'decisions', n);
    for (const n of ['new.yaml', 'old.yaml', 'other.yaml']) session.setRecord(file(n), fs.readFileSync(file(n), 'utf8'));
    const lifecycle = () =>
      [...session.results().byFile.values()]
        .flat()
        .filter((f: Finding) => LIFECYCLE.has(f.rule))
        .map((f) => `${f.rule}@${path.basename(f.file)}:${f.line}`);
    assert.deepEqual(lifecycle(), []);
    // The old record drops its half of the link: the new one is now one-way.
    session.setRecord(file('old.yaml'), lifecycleRecord('PC-1', 'approved'));
    assert.deepEqual(lifecycle(), ['supersession-consistent@new.yaml:8']);
    // A change to the new record that leaves what it offers others alone (its title): still reported.
    session.setRecord(file('new.yaml'), lifecycleRecord('PC-2', 'approved', 'supersedes: [PC-1]\n').replace('title: Policy PC-2', 'title: Policy two'));
    assert.deepEqual(lifecycle(), ['supersession-consistent@new.yaml:8']);
    // The new record is withdrawn: the record that depends on it relies on a retired decision.
    session.setRecord(file('new.yaml'), lifecycleRecord('PC-2', 'withdrawn', 'supersedes: [PC-1]\n'));
    assert.deepEqual(lifecycle().sort(), ['approved-relies-on-retired@other.yaml:8', 'supersession-consistent@new.yaml:8']);
    session.removeRecord(file('new.yaml'));
    assert.deepEqual(lifecycle(), []);
  });

  it('--cache: an unchanged record is re-judged when the record it names changes', () => {
    const ws = pair();
    const check = () => findings(standpoint(['check', '.', '--cache', '--format', 'json', '--today', TODAY], { cwd: ws }));
    assert.deepEqual(lifecycleFindings(check()), []);
    fs.writeFileSync(path.join(ws, 'decisions/old.yaml'), lifecycleRecord('PC-1', 'withdrawn'));
    const after = lifecycleFindings(check());
    assert.deepEqual(
      after.map((f) => f.split(' ')[0]),
      ['approved-relies-on-retired@new.yaml:8', 'supersession-consistent@new.yaml:8'],
    );
    assert.ok(fs.existsSync(path.join(ws, '.standpoint-cache')));
  });

  it('--changed-since: a change to the successor reports the unchanged predecessor, and a deleted record the ids that named it', () => {
    const ws = pair();
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'records');
    // The successor stops listing its predecessor: only the successor changed.
    fs.writeFileSync(path.join(ws, 'decisions/new.yaml'), lifecycleRecord('PC-2', 'approved'));
    const changed = standpoint(['check', '.', '--changed-since', 'main', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.deepEqual(
      triples(findings(changed)).filter((t) => t.startsWith('supersession')),
      ['supersession-consistent@decisions/old.yaml:8'],
    );
    git(ws, 'checkout', '-q', '--', '.');
    // The successor is deleted: both records that named it are reported.
    fs.rmSync(path.join(ws, 'decisions/new.yaml'));
    const deleted = standpoint(['check', '.', '--changed-since', 'main', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.deepEqual(
      triples(findings(deleted)).filter((t) => /supersession|retired/.test(t)),
      ['supersession-consistent@decisions/old.yaml:8'],
    );
    assert.deepEqual(
      findings(deleted)
        .filter((f) => f.file === 'decisions/other.yaml')
        .map((f) => f.rule),
      [],
      'a dependency that names nothing is not a lifecycle finding (nothing to rely on)',
    );
  });
});

describe('lifecycle: outcome-recorded grows from warning to error 90 days after the review', () => {
  const make = tempWorkspaces();
  const ws = () =>
    make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/reviewed.yaml': lifecycleRecord(
        'PC-7',
        'approved',
        'review_by: 2026-08-22\npromises:\n  - id: P-7\n    promise: Refunds within 3 days\n    owner: Sam Lee\n    review: 2026-08-22\n',
      ),
    });

  const cases: Array<[string, string[]]> = [
    ['2026-08-22', []], // due today: not passed yet
    ['2026-08-23', ['warning@8', 'warning@13']],
    ['2026-11-19', ['warning@8', 'warning@13']], // 89 days after
    ['2026-11-20', ['error@8', 'error@13']], // 90 days after
  ];
  for (const [today, expected] of cases) {
    it(`on ${today}: ${expected.join(', ') || 'nothing'}`, () => {
      const run = standpoint(['check', '.', '--format', 'json', '--today', today], { cwd: ws() });
      const got = findings(run)
        .filter((f) => f.rule === 'outcome-recorded')
        .map((f) => `${f.severity}@${f.line}`);
      assert.deepEqual(got, expected, show(run));
    });
  }

  it('an outcome recorded at or after the review date ends it; one from an earlier review does not', () => {
    const text = (outcomeDate: string) =>
      lifecycleRecord('PC-8', 'approved', `review_by: 2026-10-01\noutcome: {result: kept, date: ${outcomeDate}, summary: Kept as decided}\n`);
    const dir = make({ '.standpoint.yaml': 'root: true\n', 'decisions/a.yaml': text('2026-10-03'), 'decisions/b.yaml': text('2026-04-01') });
    const run = standpoint(['check', '.', '--format', 'json', '--today', TODAY], { cwd: dir });
    const got = findings(run).filter((f) => f.rule === 'outcome-recorded');
    assert.deepEqual(
      got.map((f) => `${f.file}:${f.line}:${f.column}`),
      [`decisions/b.yaml:${lineOf(text('2026-04-01'), 'outcome:')}:1`],
    );
    assert.match(got[0].message, /\(the last one is dated 2026-04-01\)/);
  });
});
