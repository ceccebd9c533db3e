import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY, triples, type Files, type JsonFinding } from './helpers/cli.js';
import { BUILTIN_RULE_COUNT } from './helpers/catalogue.js';

const HEDGED = 'We aim to ship orders the same day';
const DEFLECTING = 'Carrier delays are outside our control';
/** A record with one promise-hedged and one no-finger-pointing warning. */
const TWO_WARNINGS = record({ id: 'LP-2026-500', promise: HEDGED, extra: `customer_impact_rationale: ${DEFLECTING}\n` });
const HEDGE_LINE = lineOf(TWO_WARNINGS, HEDGED);
const DEFLECT_LINE = lineOf(TWO_WARNINGS, DEFLECTING);

/** A team rule written in the rule language: flags the word "tracking" in a record's title. */
const TEAM_RULE = `id: no-tracking-jargon
severity: warning
principle: customers-words
title: Titles use the customer's words
message: Say what the customer gets instead of "{{$match}}".
checks:
  - kind: find
    given: title
    words: [tracking]
docs:
  rationale: Customers do not think in our system's terms.
  triggers: The title contains the word tracking.
  comply: Describe the outcome for the customer.
`;

interface Located {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Parses `file:line:col: message` lines from stderr; every line must have that form. */
function located(stderr: string): Located[] {
  return stderr
    .trimEnd()
    .split('\n')
    .map((l) => {
      const m = /^(.+):(\d+):(\d+): (.+)$/.exec(l);
      assert.ok(m, `not a file:line:col: message line: ${l}`);
      return { file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4] };
    });
}

describe('config: errors exit 2 with file:line:col: message', () => {
  const make = tempWorkspaces();

  /**
   * Checks a workspace made of `files` plus one clean record; expects exit 2, nothing on
   * stdout, no stack trace, and a first problem at `file`:`line`(:`column`) matching `message`.
   */
  function expectProblem(files: Files, where: { file: string; line: number; column?: number }, message: RegExp): Located[] {
    const ws = make({ 'decisions/ok.yaml': record({ id: 'LP-2026-400' }), ...files });
    const run = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.equal(run.stdout, '');
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
    const problems = located(run.stderr);
    assert.equal(problems[0].file, path.join(ws, where.file), run.stderr);
    assert.equal(problems[0].line, where.line, run.stderr);
    if (where.column !== undefined) assert.equal(problems[0].column, where.column, run.stderr);
    assert.match(problems[0].message, message);
    return problems;
  }

  it('invalid YAML', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n\tpromise-hedged: off\n' },
      { file: '.standpoint.yaml', line: 3, column: 1 },
      /configuration is not valid YAML: Tabs/,
    );
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: [strict]\nroot: false\n' },
      { file: '.standpoint.yaml', line: 3, column: 1 },
      /not valid YAML: Map keys must be unique/,
    );
  });

  it('a config that is not a map', () => {
    expectProblem({ '.standpoint.yaml': '- root\n- true\n' }, { file: '.standpoint.yaml', line: 1 }, /expected a map/);
  });

  it('an unknown top-level key, at its line, with a suggestion', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: [recommended]\nrulez:\n  promise-hedged: off\n' },
      { file: '.standpoint.yaml', line: 3, column: 1 },
      /unknown field "rulez" \(did you mean "rules"\?\)/,
    );
  });

  it('a bad severity value', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: loud\n' },
      { file: '.standpoint.yaml', line: 3, column: 19 },
      /rules\.promise-hedged: expected one of: off, info, warning, error/,
    );
  });

  it('an unknown rule id, with a did-you-mean for a near miss', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  single-score-reliance: off\n  promise-hedge: warning\n' },
      { file: '.standpoint.yaml', line: 4 },
      /^unknown rule "promise-hedge" \(did you mean "promise-hedged"\?\)$/,
    );
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  totally-made-up-thing: warning\n' },
      { file: '.standpoint.yaml', line: 3 },
      /^unknown rule "totally-made-up-thing"$/,
    );
  });

  it('a rule option out of range, and an unknown option name', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  evidence-stale: {options: {max_age_months: -3}}\n' },
      { file: '.standpoint.yaml', line: 3, column: 46 },
      /evidence-stale.*max_age_months: must be >= 1/,
    );
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  evidence-stale:\n    options:\n      max_age_month: 3\n' },
      { file: '.standpoint.yaml', line: 5, column: 7 },
      /unknown field "max_age_month" \(did you mean "max_age_months"\?\)/,
    );
  });

  it('a former option name: one error at it, naming what replaced it', () => {
    const problems = expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged:\n    options:\n      words: [maybe]\n' },
      { file: '.standpoint.yaml', line: 5, column: 7 },
      /^option "words" of promise-hedged was replaced: use "hedges" or "extra_hedges" instead \(standpoint explain promise-hedged describes them\)$/,
    );
    assert.equal(problems.length, 1);
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  report-only-actions:\n    options:\n      meetings: [stand-up]\n      box_checking_words: [memo]\n' },
      { file: '.standpoint.yaml', line: 6, column: 7 },
      /^option "box_checking_words" of report-only-actions was replaced: use "documents", "surveys", "meetings" or "extra_box_checking" instead/,
    );
  });

  it('a team rule that renames an option to one it does not declare, or renames one it still has', () => {
    const withOptions = TEAM_RULE.replace(
      'checks:',
      'options:\n  schema: {type: object, properties: {terms: {type: array}}}\n  defaults: {terms: [tracking]}\n  renamed:\n    jargon: [term]\n    terms: [terms]\nchecks:',
    ).replace('words: [tracking]', 'words: {$option: terms}');
    const problems = expectProblem(
      { '.standpoint.yaml': 'root: true\nrule_dirs: [policy]\n', 'policy/no-tracking-jargon/rule.yaml': withOptions },
      { file: 'policy/no-tracking-jargon/rule.yaml', line: lineOf(withOptions, 'jargon:'), column: 5 },
      /^"jargon" is renamed to "term", which is not an option; declared options: terms$/,
    );
    assert.match(problems[1].message, /^"terms" is still an option: only a former name can be renamed$/);
    assert.equal(problems[1].line, lineOf(withOptions, 'terms: [terms]'));
  });

  it('options for a rule that takes none', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrules:\n  campaign-excludes-open-issues:\n    options: {x: 1}\n' },
      { file: '.standpoint.yaml', line: 4 },
      /rule "campaign-excludes-open-issues" takes no options/,
    );
  });

  it('extends an unknown name', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: [nonsense]\n' },
      { file: '.standpoint.yaml', line: 2, column: 11 },
      /extends "nonsense": expected recommended, strict or a relative path/,
    );
  });

  it('extends a missing file', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: ./missing.yaml\n' },
      { file: '.standpoint.yaml', line: 2, column: 10 },
      /extends "\.\/missing\.yaml": no such file/,
    );
  });

  it('a chain of 3,000 extends stops at the limit with a located problem, not a stack overflow', () => {
    const files: Record<string, string> = { '.standpoint.yaml': 'root: true\nextends: ./c1.yaml\n' };
    for (let i = 1; i < 3000; i++) files[`c${i}.yaml`] = `extends: ./c${i + 1}.yaml\n`;
    files['c3000.yaml'] = 'rules: {}\n';
    // The 64th file in the chain is the one whose extends would go one deeper.
    expectProblem(files, { file: 'c63.yaml', line: 1, column: 10 }, /extends "\.\/c64\.yaml": more than 64 configuration files extend one another/);
  });

  it('globs that leave the folder, or that would take long to match, are located errors', () => {
    expectProblem({ '.standpoint.yaml': 'root: true\nfiles: ["/**"]\n' }, { file: '.standpoint.yaml', line: 2, column: 9 }, /files: "\/\*\*" is absolute/);
    expectProblem(
      { '.standpoint.yaml': 'root: true\nfiles:\n  - decisions/**\n  - ../other/**\n' },
      { file: '.standpoint.yaml', line: 4, column: 5 },
      /files: "\.\.\/other\/\*\*" leaves the folder/,
    );
    expectProblem(
      { '.standpoint.yaml': 'root: true\noverrides:\n  - files: ["decisions/*a*a*a*a*a*a*b.yaml"]\n    rules: {promise-hedged: off}\n' },
      { file: '.standpoint.yaml', line: 3, column: 13 },
      /overrides\[0\]\.files: "decisions\/\*a\*a\*a\*a\*a\*a\*b\.yaml" has 7 \* wildcards in one path segment \(at most 3\)/,
    );
    expectProblem(
      { '.standpoint.yaml': 'root: true\nignore: ["decisions/+(a|aa)/**"]\n' },
      { file: '.standpoint.yaml', line: 2, column: 10 },
      /ignore: .* uses an extglob pattern/,
    );
  });

  it('a problem inside an extended file names that file', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: ./base.yaml\n', 'base.yaml': '# shared\nrules:\n  promise-hedged: loud\n' },
      { file: 'base.yaml', line: 3, column: 19 },
      /expected one of: off, info, warning, error/,
    );
  });

  it('paths that escape the workspace root', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: ../../../etc/passwd\n' },
      { file: '.standpoint.yaml', line: 2, column: 10 },
      /"\.\.\/\.\.\/\.\.\/etc\/passwd" points outside the workspace root/,
    );
    expectProblem(
      { '.standpoint.yaml': 'root: true\nextends: [recommended]\npeople: ../../outside.yaml\n' },
      { file: '.standpoint.yaml', line: 3, column: 9 },
      /"\.\.\/\.\.\/outside\.yaml" points outside the workspace root/,
    );
  });

  it('rule_dirs naming a missing folder', () => {
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrule_dirs:\n  - policy/rules\n' },
      { file: '.standpoint.yaml', line: 3, column: 5 },
      /rule_dirs "policy\/rules": no such folder/,
    );
  });

  it('a team rule file with a schema error, at its line', () => {
    const noMessage = TEAM_RULE.replace(/^message: .*\n/m, '');
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrule_dirs: [policy]\n', 'policy/no-tracking-jargon/rule.yaml': noMessage },
      { file: 'policy/no-tracking-jargon/rule.yaml', line: 1 },
      /missing required field "message"/,
    );
    const noComply = TEAM_RULE.replace(/^ {2}comply: .*\n/m, '');
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrule_dirs: [policy]\n', 'policy/no-tracking-jargon/rule.yaml': noComply },
      { file: 'policy/no-tracking-jargon/rule.yaml', line: lineOf(noComply, 'docs:'), column: 1 },
      /at docs: missing required field "comply"/,
    );
    const badSeverity = TEAM_RULE.replace('severity: warning', 'severity: loud');
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrule_dirs: [policy]\n', 'policy/no-tracking-jargon/rule.yaml': badSeverity },
      { file: 'policy/no-tracking-jargon/rule.yaml', line: 2, column: 11 },
      /severity: expected one of: error, warning, info/,
    );
  });

  it('a team rule with an invalid regular expression', () => {
    const badRegex = TEAM_RULE.replace('    words: [tracking]', '    patterns: ["(unclosed"]');
    expectProblem(
      { '.standpoint.yaml': 'root: true\nrule_dirs: [policy]\n', 'policy/no-tracking-jargon/rule.yaml': badRegex },
      { file: 'policy/no-tracking-jargon/rule.yaml', line: lineOf(badRegex, 'patterns:') },
      /invalid regular expression \/\(unclosed\//,
    );
  });
});

describe('config: behaviour', () => {
  const make = tempWorkspaces();
  const check = (ws: string, ...args: string[]) => {
    const run = standpoint(['check', '--today', TODAY, '--format', 'json', ...args], { cwd: ws });
    assert.ok(run.code === 0 || run.code === 1, show(run));
    return { code: run.code, list: findings(run) };
  };
  /** `severity rule@file:line`, sorted. */
  const described = (list: JsonFinding[]) => list.map((f) => `${f.severity} ${f.rule}@${f.file}:${f.line}`).sort();

  it('without config: recommended severities', () => {
    const { code, list } = check(make({ 'decisions/a.yaml': TWO_WARNINGS }));
    assert.equal(code, 0);
    assert.deepEqual(described(list), [`warning no-finger-pointing@decisions/a.yaml:${DEFLECT_LINE}`, `warning promise-hedged@decisions/a.yaml:${HEDGE_LINE}`]);
  });

  it('the nearest config wins and merges over its parents until root: true', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: error\n  no-finger-pointing: error\n',
      'team/.standpoint.yaml': 'rules:\n  no-finger-pointing: off\n',
      'team/sub/.standpoint.yaml': 'root: true\nrules: {}\n',
      'a.decision.yaml': TWO_WARNINGS,
      'team/b.decision.yaml': TWO_WARNINGS.replace('LP-2026-500', 'LP-2026-501').replace('P-LP-2026-500', 'P-LP-2026-501'),
      'team/sub/c.decision.yaml': TWO_WARNINGS.replace('LP-2026-500', 'LP-2026-502').replace('P-LP-2026-500', 'P-LP-2026-502'),
    });
    const { code, list } = check(ws);
    assert.equal(code, 1);
    assert.deepEqual(
      described(list),
      [
        `error no-finger-pointing@a.decision.yaml:${DEFLECT_LINE}`,
        `error promise-hedged@a.decision.yaml:${HEDGE_LINE}`,
        `error promise-hedged@team/b.decision.yaml:${HEDGE_LINE}`,
        `warning no-finger-pointing@team/sub/c.decision.yaml:${DEFLECT_LINE}`,
        `warning promise-hedged@team/sub/c.decision.yaml:${HEDGE_LINE}`,
      ].sort(),
    );
  });

  it('extends: [strict] turns warnings into errors', () => {
    for (const config of ['root: true\nextends: [strict]\n', 'root: true\nextends: strict\n']) {
      const { code, list } = check(make({ '.standpoint.yaml': config, 'decisions/a.yaml': TWO_WARNINGS }));
      assert.equal(code, 1, config);
      assert.deepEqual(described(list), [`error no-finger-pointing@decisions/a.yaml:${DEFLECT_LINE}`, `error promise-hedged@decisions/a.yaml:${HEDGE_LINE}`]);
    }
  });

  it('extends: ./base.yaml applies the base, and the extending file wins over it', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nextends: ./base.yaml\nrules:\n  promise-hedged: info\n',
      'base.yaml': 'rules:\n  promise-hedged: off\n  no-finger-pointing: error\n',
      'decisions/a.yaml': TWO_WARNINGS,
    });
    const { code, list } = check(ws);
    assert.equal(code, 1);
    assert.deepEqual(described(list), [`error no-finger-pointing@decisions/a.yaml:${DEFLECT_LINE}`, `info promise-hedged@decisions/a.yaml:${HEDGE_LINE}`]);
  });

  it('overrides change severity only for files their globs match', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\noverrides:\n  - files: ["decisions/experiments/**"]\n    rules: {promise-hedged: error, no-finger-pointing: off}\n',
      'decisions/a.yaml': TWO_WARNINGS,
      'decisions/experiments/b.yaml': TWO_WARNINGS.replace(/LP-2026-500/g, 'LP-2026-510'),
    });
    const { code, list } = check(ws);
    assert.equal(code, 1);
    assert.deepEqual(described(list), [
      `error promise-hedged@decisions/experiments/b.yaml:${HEDGE_LINE}`,
      `warning no-finger-pointing@decisions/a.yaml:${DEFLECT_LINE}`,
      `warning promise-hedged@decisions/a.yaml:${HEDGE_LINE}`,
    ]);
  });

  it('rules: {ID: off} turns a rule off; {severity, options} tunes it', () => {
    const off = check(make({ '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: off\n', 'decisions/a.yaml': TWO_WARNINGS }));
    assert.deepEqual(described(off.list), [`warning no-finger-pointing@decisions/a.yaml:${DEFLECT_LINE}`]);
    const tuned = check(
      make({
        '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged: {severity: error, options: {hedges: [same day]}}\n',
        'decisions/a.yaml': TWO_WARNINGS,
      }),
    );
    assert.equal(tuned.code, 1);
    const hedge = tuned.list.find((f) => f.rule === 'promise-hedged');
    assert.equal(hedge?.severity, 'error');
    assert.match(hedge?.message ?? '', /^"same day" hedges/);
  });

  it('a team rule from rule_dirs fires at the words, and is listed', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
      'policy/rules/no-tracking-jargon/rule.yaml': TEAM_RULE,
      'decisions/a.yaml': record({ id: 'LP-2026-520' }),
    });
    const { code, list } = check(ws);
    assert.equal(code, 0);
    assert.equal(list.length, 1, JSON.stringify(list));
    const title = record({ id: 'LP-2026-520' }).split('\n')[2];
    assert.deepEqual(
      { rule: list[0].rule, severity: list[0].severity, line: list[0].line, column: list[0].column, endColumn: list[0].endColumn, message: list[0].message },
      {
        rule: 'no-tracking-jargon',
        severity: 'warning',
        line: 3,
        column: title.indexOf('tracking') + 1,
        endColumn: title.indexOf('tracking') + 1 + 'tracking'.length,
        message: 'Say what the customer gets instead of "tracking".',
      },
    );
    const rules = standpoint(['rules'], { cwd: ws });
    assert.match(rules.stdout, /^no-tracking-jargon\s+warning\s+customers-words\s+Titles use the customer's words$/m);
    assert.match(rules.stdout, new RegExp(`^${BUILTIN_RULE_COUNT + 1} rules$`, 'm'), 'the built-in rules and the team rule');
  });

  it("files: globs are relative to the config's folder (checking a folder below it)", () => {
    const text = record({ id: 'LP-2026-530', promise: HEDGED });
    const ws = make({ '.standpoint.yaml': 'root: true\nfiles: ["records/*.yaml"]\n', 'records/r.yaml': text, 'decisions/d.yaml': text });
    assert.deepEqual(triples(check(ws, 'records').list), [`promise-hedged@records/r.yaml:${HEDGE_LINE}`]);
  });

  // Regression: discovery once resolved the parent's config, so `files:` was ignored here,
  // 0 files were checked and the exit code was 0.
  it('files: globs apply when checking the folder holding the config', () => {
    const text = record({ id: 'LP-2026-531', promise: HEDGED });
    const ws = make({ '.standpoint.yaml': 'root: true\nfiles: ["records/*.yaml"]\n', 'records/r.yaml': text, 'decisions/d.yaml': text });
    assert.deepEqual(triples(check(ws).list), [`promise-hedged@records/r.yaml:${HEDGE_LINE}`]);
  });
});

describe('config: rule folders cannot reach outside the workspace through links', () => {
  const make = tempWorkspaces();

  it('a linked rule folder or rule file that resolves outside the root is a located error, and its content is not read', () => {
    const outside = make({ 'evil/rule.yaml': 'id: secret-key-name\n', 'lone.yaml': 'id: another-secret\n' });
    for (const [name, target] of [
      ['policy/rules/evil', path.join(outside, 'evil')],
      ['policy/rules/lone.yaml', path.join(outside, 'lone.yaml')],
    ]) {
      const ws = make({ '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n', 'policy/rules/.keep': '', 'decisions/ok.yaml': record({ id: 'LP-2026-430' }) });
      fs.symlinkSync(target, path.join(ws, name));
      const run = standpoint(['check', '--today', TODAY], { cwd: ws });
      assert.equal(run.code, 2, show(run));
      assert.match(
        run.stderr,
        new RegExp(`${name.replace(/[./]/g, (c) => `\\${c}`)}(/rule\\.yaml)?:1:1: rule file is a symbolic link to .*, outside the workspace root`),
      );
      assert.doesNotMatch(run.stderr, /secret/);
      // The rule tester and the docs command choose the same rule folders and refuse them the same way.
      for (const command of ['test-rules', 'docs']) {
        const other = standpoint([command, ...(command === 'docs' ? ['--check'] : [])], { cwd: ws });
        assert.equal(other.code, 2, `${command}: ${show(other)}`);
        assert.match(other.stderr, /rule file is a symbolic link to .*, outside the workspace root/);
      }
    }
  });
});
