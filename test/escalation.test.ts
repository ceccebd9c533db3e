import assert from 'node:assert/strict';
import { findings, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';

// Date-escalating severities: `{severity: warning, escalate: {on: DATE, to: error}}`.

const HEDGED = 'We aim to ship orders the same day';
const HEDGED_RECORD = record({ id: 'LP-2026-901', promise: HEDGED });
const HEDGE_LINE = lineOf(HEDGED_RECORD, HEDGED);

describe('escalation: severities that rise on a date', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();
  const check = (ws: string, today: string, ...more: string[]) => standpoint(['check', '--today', today, '--format', 'json', ...more], { cwd: ws });
  const severities = (ws: string, today: string) => findings(check(ws, today)).map((f) => `${f.rule}:${f.severity}`);

  it('a rule setting is a warning before the date and an error from that day on (--today drives it)', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: {severity: info, escalate: {on: 2027-03-01, to: error}}\n',
      'decisions/a.yaml': HEDGED_RECORD,
    });
    const before = check(ws, '2027-02-28');
    assert.equal(before.code, 0, show(before));
    assert.deepEqual(
      findings(before).map((f) => `${f.rule}:${f.severity}:${f.line}`),
      [`promise-hedged:info:${HEDGE_LINE}`],
    );
    const on = check(ws, '2027-03-01');
    assert.equal(on.code, 1, show(on));
    assert.deepEqual(
      findings(on).map((f) => `${f.rule}:${f.severity}`),
      ['promise-hedged:error'],
    );
    assert.deepEqual(severities(ws, '2027-09-30'), ['promise-hedged:error']);
  });

  it('STANDPOINT_TODAY drives it too, and --today wins over it', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: {severity: warning, escalate: {on: 2027-03-01, to: error}}\n',
      'decisions/a.yaml': HEDGED_RECORD,
    });
    const env = (today: string, ...args: string[]) => standpoint(['check', '--format', 'json', ...args], { cwd: ws, env: { STANDPOINT_TODAY: today } });
    assert.equal(env('2027-03-02').code, 1);
    assert.equal(env('2027-01-01').code, 0);
    assert.equal(env('2027-03-02', '--today', '2027-01-01').code, 0);
  });

  it('without severity, the rule keeps its default until the date', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: {escalate: {on: 2027-03-01, to: error}}\n',
      'decisions/a.yaml': HEDGED_RECORD,
    });
    assert.deepEqual(severities(ws, TODAY), ['promise-hedged:warning']);
    assert.deepEqual(severities(ws, '2027-03-01'), ['promise-hedged:error']);
  });

  it('an override escalates only the files it matches, later layers still win', () => {
    const ws = make({
      '.standpoint.yaml': [
        'root: true',
        'overrides:',
        '  - files: ["decisions/new/**"]',
        '    rules:',
        '      promise-hedged: {severity: warning, escalate: {on: 2027-03-01, to: error}}',
        '  - files: ["decisions/new/exempt.yaml"]',
        '    rules: {promise-hedged: info}',
        '',
      ].join('\n'),
      'decisions/old.yaml': record({ id: 'LP-2026-902', promise: HEDGED }),
      'decisions/new/a.yaml': record({ id: 'LP-2026-903', promise: HEDGED }),
      'decisions/new/exempt.yaml': record({ id: 'LP-2026-904', promise: HEDGED }),
    });
    const at = (today: string) => findings(check(ws, today)).map((f) => `${f.file}:${f.severity}`);
    assert.deepEqual(at('2027-02-01'), ['decisions/new/a.yaml:warning', 'decisions/new/exempt.yaml:info', 'decisions/old.yaml:warning']);
    assert.deepEqual(at('2027-03-01'), ['decisions/new/a.yaml:error', 'decisions/new/exempt.yaml:info', 'decisions/old.yaml:warning']);
  });

  it('--rule ID:SEVERITY on the command line overrides an escalation', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: {severity: warning, escalate: {on: 2027-03-01, to: error}}\n',
      'decisions/a.yaml': HEDGED_RECORD,
    });
    const run = check(ws, '2027-06-01', '--rule', 'promise-hedged:warning');
    assert.equal(run.code, 0, show(run));
    assert.deepEqual(
      findings(run).map((f) => f.severity),
      ['warning'],
    );
  });

  it('escalation works with options alongside', () => {
    const old = record({ id: 'LP-2026-905' }).replace('date: 2026-11-01', 'date: 2026-03-01');
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  evidence-stale: {severity: info, options: {max_age_months: 6}, escalate: {on: 2027-01-01, to: error}}\n',
      'decisions/a.yaml': old,
    });
    assert.deepEqual(severities(ws, TODAY), ['evidence-stale:info']);
    assert.deepEqual(severities(ws, '2027-01-01'), ['evidence-stale:error']);
  });

  for (const [what, rule, message] of [
    [
      'an impossible date',
      '{severity: warning, escalate: {on: 2027-02-30, to: error}}',
      /promise-hedged\.escalate\.on: 2027-02-30 is not a calendar date: February has no 30th/,
    ],
    ['a date that is not YYYY-MM-DD', '{severity: warning, escalate: {on: next spring, to: error}}', /escalate\.on|pattern|must match/],
    ['a severity that is not one', '{severity: warning, escalate: {on: 2027-03-01, to: fatal}}', /escalate\.to|must be equal to one of|info, warning, error/],
    ['a missing "to"', '{severity: warning, escalate: {on: 2027-03-01}}', /"to"|to/],
    ['an unknown key', '{severity: warning, escalate: {on: 2027-03-01, to: error, from: 2026-01-01}}', /from/],
  ] as const) {
    it(`${what} in escalate is a configuration error naming the file and line (exit 2)`, () => {
      const ws = make({ '.standpoint.yaml': `root: true\nrules:\n  promise-hedged: ${rule}\n`, 'decisions/a.yaml': HEDGED_RECORD });
      const run = check(ws, TODAY);
      assert.equal(run.code, 2, show(run));
      assert.match(run.stderr, /\.standpoint\.yaml:3:\d+: /);
      assert.match(run.stderr, message);
      assert.ok(!hasStackTrace(run.stderr), run.stderr);
    });
  }
});
