import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, git, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY, triples, writeFiles, register } from './helpers/cli.js';

// --changed-since on real git repositories: what a pull-request gate sees.

const HEDGED = 'We aim to ship orders the same day';
const hedged = (id: string) => record({ id, promise: HEDGED });
const HEDGE_LINE = lineOf(hedged('X'), HEDGED);

describe('gating: --changed-since on a git repository', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();

  /** A committed workspace: a promise register, two hedged records and two that reference the register. */
  function repo(): string {
    const ws = make({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': register(['P-1', 'P-2']),
      'decisions/a.yaml': hedged('LP-2026-701'),
      'decisions/b.yaml': hedged('LP-2026-702'),
      'decisions/c.yaml': record({ id: 'LP-2026-703', ref: 'P-2' }),
      'decisions/d.yaml': record({ id: 'LP-2026-704', ref: 'P-1' }),
    });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decision log');
    return ws;
  }
  const check = (ws: string, ref: string, ...more: string[]) => standpoint(['check', '--changed-since', ref, '--today', TODAY, '--format', 'json', ...more], { cwd: ws });
  const commit = (ws: string, message: string) => {
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', message);
  };

  it('reports nothing when nothing changed, though unchanged records have findings', () => {
    const ws = repo();
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 0, show(run));
    assert.deepEqual(findings(run), []);
    assert.equal(findings(standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws })).length, 2);
  });

  it('reports a record added and committed on a branch since the base', () => {
    const ws = repo();
    git(ws, 'checkout', '-q', '-b', 'feature');
    writeFiles(ws, { 'decisions/new.yaml': hedged('LP-2026-705') });
    commit(ws, 'add a record');
    const run = check(ws, 'main');
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/new.yaml:${HEDGE_LINE}`], show(run));
  });

  it('reports a record modified in the working tree, staged or committed', () => {
    const ws = repo();
    const file = path.join(ws, 'decisions/a.yaml');
    fs.appendFileSync(file, 'customer_impact_rationale: Every shopper who orders sees it\n');
    const expected = [`promise-hedged@decisions/a.yaml:${HEDGE_LINE}`];
    assert.deepEqual(triples(findings(check(ws, 'HEAD'))), expected, 'unstaged');
    git(ws, 'add', 'decisions/a.yaml');
    assert.deepEqual(triples(findings(check(ws, 'HEAD'))), expected, 'staged');
    git(ws, 'commit', '-q', '-m', 'edit');
    assert.deepEqual(triples(findings(check(ws, 'HEAD~1'))), expected, 'committed');
    assert.deepEqual(findings(check(ws, 'HEAD')), [], 'nothing changed since the new commit');
  });

  it('reports a renamed record under its new name, with or without edits', () => {
    const ws = repo();
    git(ws, 'mv', 'decisions/b.yaml', 'decisions/renamed.yaml');
    commit(ws, 'rename');
    assert.deepEqual(triples(findings(check(ws, 'HEAD~1'))), [`promise-hedged@decisions/renamed.yaml:${HEDGE_LINE}`], 'pure rename');
    fs.mkdirSync(path.join(ws, 'decisions/moved'));
    git(ws, 'mv', 'decisions/renamed.yaml', 'decisions/moved/again.yaml');
    fs.appendFileSync(path.join(ws, 'decisions/moved/again.yaml'), '# moved\n');
    const run = check(ws, 'HEAD');
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/moved/again.yaml:${HEDGE_LINE}`], show(run));
  });

  it('checks a changed record against the whole workspace: an id it reuses is reported on both records', () => {
    const ws = repo();
    const text = record({ id: 'LP-2026-701', ref: 'P-1' });
    writeFiles(ws, { 'decisions/copy.yaml': text });
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 1, show(run));
    const idLine = lineOf(text, 'id: LP-2026-701');
    assert.equal(idLine, lineOf(hedged('LP-2026-701'), 'id: LP-2026-701'));
    assert.deepEqual(triples(findings(run)), [`duplicate-id@decisions/a.yaml:${idLine}`, `duplicate-id@decisions/copy.yaml:${idLine}`]);
    const a = findings(run).find((f) => f.file === 'decisions/a.yaml')!;
    assert.match(a.message, /decisions\/copy\.yaml/);
  });

  it('a promise deleted from the register is reported on the unchanged records that still reference it', () => {
    const ws = repo();
    writeFiles(ws, { 'promises.yaml': register(['P-1']) });
    commit(ws, 'retire P-2');
    const run = check(ws, 'HEAD~1');
    assert.equal(run.code, 1, show(run));
    const text = record({ id: 'LP-2026-703', ref: 'P-2' });
    assert.deepEqual(triples(findings(run)), [`promise-ref-resolves@decisions/c.yaml:${lineOf(text, 'ref: P-2')}`]);
  });

  it('a register deleted outright is reported on every record that references it', () => {
    const ws = repo();
    git(ws, 'rm', '-q', 'promises.yaml');
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 1, show(run));
    const rules = findings(run)
      .map((f) => `${f.rule}@${f.file}`)
      .sort();
    assert.deepEqual(rules, ['promise-ref-resolves@decisions/c.yaml', 'promise-ref-resolves@decisions/d.yaml']);
  });

  it('a deleted record is not reported, and its id is free again', () => {
    const ws = repo();
    git(ws, 'rm', '-q', 'decisions/a.yaml');
    writeFiles(ws, { 'decisions/e.yaml': record({ id: 'LP-2026-701', ref: 'P-1' }) });
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 0, show(run));
    assert.deepEqual(findings(run), []);
  });

  it('a changed configuration reports every record, and says why', () => {
    const ws = repo();
    fs.appendFileSync(path.join(ws, '.standpoint.yaml'), 'rules:\n  promise-hedged: error\n');
    const run = check(ws, 'HEAD');
    assert.equal(run.code, 1, show(run));
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/a.yaml:${HEDGE_LINE}`, `promise-hedged@decisions/b.yaml:${HEDGE_LINE}`]);
    assert.equal(
      run.stderr,
      'standpoint: .standpoint.yaml changed since HEAD, so every record is reported (preview the effect with standpoint diff-rules --base HEAD)\n',
    );
  });

  it('a changed team rule reports every record; an unrelated config elsewhere does not', () => {
    const ws = repo();
    writeFiles(ws, {
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\nrule_dirs: [policy]\n',
      'policy/no-hedge.yaml':
        'id: no-hedge\nseverity: warning\nprinciple: keep-your-promises\ntitle: t\nmessage: m\nchecks:\n  - kind: assert\n    assert: {path: id, present: true}\ndocs: {rationale: r, triggers: t, comply: c}\n',
      'other/.standpoint.yaml': 'root: true\n',
    });
    commit(ws, 'team rules');
    writeFiles(ws, { 'other/.standpoint.yaml': 'root: true\nrules: {promise-hedged: off}\n' });
    const unrelated = check(ws, 'HEAD');
    assert.deepEqual(findings(unrelated), [], show(unrelated));
    fs.appendFileSync(path.join(ws, 'policy/no-hedge.yaml'), '# reworded\n');
    const run = check(ws, 'HEAD');
    assert.equal(findings(run).length, 2, show(run));
    assert.match(run.stderr, /^standpoint: policy\/no-hedge\.yaml changed since HEAD, so every record is reported/);
  });

  it('works from a subfolder and with PATH arguments', () => {
    const ws = repo();
    fs.appendFileSync(path.join(ws, 'decisions/a.yaml'), '# touched\n');
    const run = standpoint(['check', '.', '--changed-since', 'HEAD', '--today', TODAY, '--format', 'json'], { cwd: path.join(ws, 'decisions') });
    assert.deepEqual(triples(findings(run)), [`promise-hedged@a.yaml:${HEDGE_LINE}`], show(run));
  });

  describe('in a shallow clone', () => {
    function shallow(): { origin: string; clone: string } {
      const origin = repo();
      git(origin, 'checkout', '-q', '-b', 'feature');
      writeFiles(origin, { 'decisions/new.yaml': hedged('LP-2026-706') });
      commit(origin, 'feature record');
      const clone = make();
      git(clone, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, 'work');
      return { origin, clone: path.join(clone, 'work') };
    }

    it('a ref the clone does not have exits 2 and says how to fetch it', () => {
      const { clone } = shallow();
      assert.equal(git(clone, 'rev-parse', '--is-shallow-repository').trim(), 'true');
      for (const [ref, hint] of [
        ['origin/main', /git fetch --no-tags --depth=1 origin \+refs\/heads\/main:refs\/remotes\/origin\/main/],
        ['HEAD~1', /git fetch --deepen=50/],
        ['main', /git fetch --no-tags --depth=1 origin \+refs\/heads\/main:refs\/remotes\/origin\/main\nthen name it origin\/main/],
      ] as const) {
        const run = check(clone, ref);
        assert.equal(run.code, 2, show(run));
        assert.equal(run.stdout, '');
        assert.match(run.stderr, new RegExp(`git ref "${ref.replace(/[~^]/g, '\\$&')}" is not known here: this is a shallow clone`));
        assert.match(run.stderr, hint);
        assert.match(run.stderr, /fetch-depth: 0/);
        assert.ok(!hasStackTrace(run.stderr), run.stderr);
      }
    });

    it('after fetching the ref as the message says, the gate works', () => {
      const { clone } = shallow();
      const hint = /\n {2}(git fetch [^\n]+)\n/.exec(check(clone, 'origin/main').stderr);
      assert.ok(hint, 'the message has a command on its own line');
      git(clone, ...hint[1].split(' ').slice(1));
      const run = check(clone, 'origin/main');
      assert.equal(run.code, 0, show(run));
      assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/new.yaml:${HEDGE_LINE}`]);
    });

    it('a mistyped ref in a full clone says to check the name', () => {
      const run = check(repo(), 'mian');
      assert.equal(run.code, 2, show(run));
      assert.match(run.stderr, /git ref "mian" is not known here: check the name/);
      assert.doesNotMatch(run.stderr, /shallow/);
    });
  });
});
