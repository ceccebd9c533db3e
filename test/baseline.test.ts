import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { findings, git, lineOf, record, show, standpoint, tempWorkspaces, TODAY, triples, writeFiles, type RunResult } from './helpers/cli.js';

// `standpoint baseline` and `check` with a baseline: historic findings accepted, new ones gated.

const HEDGED = 'We aim to ship orders the same day';
const BARRIER = 'barriers:\n  - barrier: Fulfilment is outsourced\n';
/** A record with two errors (barrier-mitigation-required: no mitigation, no owner) and one warning (promise-hedged). */
const flawed = (id: string) => record({ id, promise: HEDGED, extra: BARRIER });
const HEDGE_LINE = lineOf(flawed('X'), HEDGED);
const BARRIER_LINE = lineOf(flawed('X'), 'barrier: Fulfilment');

interface BaselineFile {
  about: string;
  version: number;
  entries: Record<string, Record<string, Record<string, { count: number; message: string }>>>;
}

describe('baseline: standpoint baseline and check', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();
  const workspace = () =>
    make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/old-1.yaml': flawed('LP-2026-801'),
      'decisions/old-2.yaml': flawed('LP-2026-802'),
      'decisions/clean.yaml': record({ id: 'LP-2026-803' }),
    });
  const run = (ws: string, ...args: string[]) => standpoint([...args, '--today', TODAY], { cwd: ws });
  const check = (ws: string, ...args: string[]) => run(ws, 'check', '--format', 'json', ...args);
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
  const edit = (file: string, from: string, to: string) => {
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `${from} is in ${file}`);
    fs.writeFileSync(file, text.replace(from, to));
  };
  function baselined(ws: string): string {
    const made = run(ws, 'baseline');
    assert.equal(made.code, 0, show(made));
    return path.join(ws, '.standpoint-baseline.json');
  }

  it('writes .standpoint-baseline.json at the workspace root: sorted, keyed by file, rule and fingerprint, with counts', () => {
    const ws = workspace();
    const made = run(path.join(ws, 'decisions'), 'baseline', '..');
    assert.equal(made.code, 0, show(made));
    assert.equal(made.stdout, 'wrote ../.standpoint-baseline.json: 6 findings in 2 files\n');
    const file = path.join(ws, '.standpoint-baseline.json');
    const data = read(file);
    assert.equal(data.version, 1);
    assert.match(data.about, /standpoint baseline/);
    assert.deepEqual(Object.keys(data.entries), ['decisions/old-1.yaml', 'decisions/old-2.yaml']);
    for (const rules of Object.values(data.entries)) {
      assert.deepEqual(Object.keys(rules), ['barrier-mitigation-required', 'promise-hedged']);
      assert.deepEqual(
        Object.values(rules).map((keys) => Object.keys(keys).length),
        [2, 1],
        'no mitigation and no owner are two findings',
      );
      for (const [key, entry] of Object.values(rules).flatMap((keys) => Object.entries(keys))) {
        assert.match(key, /^[0-9a-f]{32}$/);
        assert.equal(entry.count, 1);
        assert.ok(entry.message.length > 10);
      }
    }
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('}\n') && text.split('\n').length > 20, 'pretty-printed, one value per line');
    assert.doesNotMatch(text, /"line"|"column"/, 'no positions: they move with every edit');
    run(ws, 'baseline');
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'regenerating an unchanged workspace changes nothing');
  });

  it('check then reports only new findings, and counts the baselined ones in the summary', () => {
    const ws = workspace();
    baselined(ws);
    const json = check(ws);
    assert.equal(json.code, 0, show(json));
    assert.deepEqual(findings(json), [], 'json stays the same array of findings, now empty');
    const stylish = run(ws, 'check');
    assert.equal(stylish.stdout, '✔ 3 decision records checked, no problems, 6 baselined\n');

    writeFiles(ws, { 'decisions/new.yaml': flawed('LP-2026-804') });
    const after = check(ws);
    assert.equal(after.code, 1, show(after));
    assert.deepEqual(triples(findings(after)), [
      `barrier-mitigation-required@decisions/new.yaml:${BARRIER_LINE}`,
      `barrier-mitigation-required@decisions/new.yaml:${BARRIER_LINE}`,
      `promise-hedged@decisions/new.yaml:${HEDGE_LINE}`,
    ]);
    assert.match(run(ws, 'check').stdout, /✖ 3 problems \(2 errors, 1 warning, 0 info\) in 4 decision records, 6 baselined\n$/);
  });

  it('findings stay baselined when lines are inserted above them or unrelated text changes', () => {
    const ws = workspace();
    baselined(ws);
    const file = path.join(ws, 'decisions/old-1.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      `# Historic record, kept for reference.\n# Reviewed in 2026.\n\n${text.replace('title: Order tracking page for every order', 'title: Order tracking for every order, all carriers')}`,
    );
    const after = check(ws);
    assert.equal(after.code, 0, show(after));
    assert.deepEqual(findings(after), []);
    assert.deepEqual(
      findings(check(ws, '--no-baseline'))
        .filter((f) => f.file === 'decisions/old-1.yaml')
        .map((f) => f.line)
        .sort(),
      [BARRIER_LINE + 3, BARRIER_LINE + 3, HEDGE_LINE + 3].sort(),
      'the findings did move',
    );
  });

  it('changing the offending text makes a new finding, and the old entry no longer occurs', () => {
    const ws = workspace();
    baselined(ws);
    edit(path.join(ws, 'decisions/old-1.yaml'), 'We aim to ship', 'We try to ship');
    const after = check(ws);
    assert.equal(after.code, 1, 'the baseline holds an entry that no longer occurs');
    assert.deepEqual(triples(findings(after)), [`promise-hedged@decisions/old-1.yaml:${HEDGE_LINE}`]);
    assert.match(findings(after)[0].message, /"try to"/);
  });

  it('fails with a clear message when the baseline lists findings that no longer occur, until pruned', () => {
    const ws = workspace();
    const file = baselined(ws);
    edit(
      path.join(ws, 'decisions/old-2.yaml'),
      '  - barrier: Fulfilment is outsourced\n',
      '  - barrier: Fulfilment is outsourced\n    mitigation: Shared dashboard\n    owner: Ana Ruiz\n',
    );
    const stale = run(ws, 'check');
    assert.equal(stale.code, 1, show(stale));
    assert.equal(stale.stdout, '✔ 3 decision records checked, no problems, 4 baselined\n');
    assert.match(stale.stderr, /^standpoint: \.standpoint-baseline\.json lists 2 findings that no longer occur \(/);
    assert.match(stale.stderr, /\n {2}decisions\/old-2\.yaml {2}barrier-mitigation-required {2}\S/);
    assert.match(stale.stderr, /standpoint check --prune-baseline\n$/);

    const pruned = run(ws, 'check', '--prune-baseline');
    assert.equal(pruned.code, 0, show(pruned));
    assert.equal(pruned.stderr, 'standpoint: removed 2 fixed findings from .standpoint-baseline.json\n');
    assert.deepEqual(Object.keys(read(file).entries['decisions/old-2.yaml']), ['promise-hedged']);
    const again = run(ws, 'check');
    assert.equal(again.code, 0, show(again));
    assert.equal(again.stderr, '');
  });

  it('counts identical findings: fixing one of two makes the entry stale; pruning lowers its count', () => {
    const twice = record({ id: 'LP-2026-805', extra: `${BARRIER}  - barrier: Fulfilment is outsourced\n` });
    const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/twice.yaml': twice });
    const file = baselined(ws);
    const counts = () => Object.values(read(file).entries['decisions/twice.yaml']['barrier-mitigation-required']).map((e) => e.count);
    assert.deepEqual(counts(), [2, 2], 'no mitigation twice, no owner twice');
    edit(path.join(ws, 'decisions/twice.yaml'), `${BARRIER}  - barrier: Fulfilment is outsourced\n`, BARRIER);
    assert.equal(check(ws).code, 1);
    assert.equal(check(ws, '--prune-baseline').code, 0);
    assert.deepEqual(counts(), [1, 1]);
    assert.deepEqual(findings(check(ws)), []);
  });

  it('a cross-record finding stays baselined when the other record moves its lines', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/a.yaml': record({ id: 'LP-2026-806' }),
      'decisions/b.yaml': record({ id: 'LP-2026-806', ref: 'P-0' }).replace(
        '  - ref: P-0\n',
        '  - id: P-B\n    promise: Orders placed before 2pm ship the same day\n    owner: Sam Lee\n    measure: percentage of customers whose order shipped the same day\n    target: ">= 95%"\n    review: 2027-06-30\n',
      ),
    });
    baselined(ws);
    const before = findings(check(ws, '--no-baseline'));
    assert.ok(
      before.some((f) => f.rule === 'duplicate-id' && /decisions\/b\.yaml:2/.test(f.message)),
      JSON.stringify(before),
    );
    const b = path.join(ws, 'decisions/b.yaml');
    fs.writeFileSync(b, `# moved down\n# and down\n${fs.readFileSync(b, 'utf8')}`);
    assert.ok(
      findings(check(ws, '--no-baseline')).some((f) => /decisions\/b\.yaml:4/.test(f.message)),
      'the message names the new line',
    );
    const after = check(ws);
    assert.equal(after.code, 0, show(after));
    assert.deepEqual(findings(after), []);
  });

  it('checking part of the workspace, or turning a rule off, does not make other entries stale', () => {
    const ws = workspace();
    baselined(ws);
    const one = check(ws, 'decisions/old-1.yaml');
    assert.equal(one.code, 0, show(one));
    assert.equal(one.stderr, '');
    const off = check(ws, '--rule', 'promise-hedged:off');
    assert.equal(off.code, 0, show(off));
    assert.equal(off.stderr, '');
  });

  it('baseline PATH replaces the entries for those files and keeps the others', () => {
    const ws = workspace();
    const file = baselined(ws);
    writeFiles(ws, { 'decisions/old-1.yaml': record({ id: 'LP-2026-801', promise: HEDGED }) });
    const made = run(ws, 'baseline', 'decisions/old-1.yaml');
    assert.equal(made.code, 0, show(made));
    const data = read(file);
    assert.deepEqual(Object.keys(data.entries['decisions/old-1.yaml']), ['promise-hedged']);
    assert.deepEqual(Object.keys(data.entries['decisions/old-2.yaml']), ['barrier-mitigation-required', 'promise-hedged']);
    assert.equal(check(ws).code, 0);
  });

  it('--baseline FILE reads and writes another file; --no-baseline reports everything', () => {
    const ws = workspace();
    const made = run(ws, 'baseline', '--baseline', 'ci/accepted.json');
    assert.equal(made.code, 0, show(made));
    assert.ok(fs.existsSync(path.join(ws, 'ci/accepted.json')));
    assert.ok(!fs.existsSync(path.join(ws, '.standpoint-baseline.json')));
    assert.equal(findings(check(ws)).length, 6, 'the default location has no baseline');
    assert.deepEqual(findings(check(ws, '--baseline', 'ci/accepted.json')), []);
    assert.deepEqual(
      Object.keys((JSON.parse(fs.readFileSync(path.join(ws, 'ci/accepted.json'), 'utf8')) as BaselineFile).entries),
      ['../decisions/old-1.yaml', '../decisions/old-2.yaml'],
      'paths are relative to the baseline file',
    );
    baselined(ws);
    assert.equal(findings(check(ws, '--no-baseline')).length, 6);
  });

  it('usage errors exit 2: a missing --baseline file, a broken baseline, --prune-baseline with nothing to prune', () => {
    const ws = workspace();
    const expectUsage = (result: RunResult, message: RegExp) => {
      assert.equal(result.code, 2, show(result));
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    };
    expectUsage(check(ws, '--baseline', 'nope.json'), /no baseline at nope\.json; write one with standpoint baseline --baseline nope\.json/);
    expectUsage(check(ws, '--prune-baseline'), /no baseline to prune: \.standpoint-baseline\.json does not exist/);
    expectUsage(check(ws, '--prune-baseline', '--no-baseline'), /cannot be used together/);
    fs.writeFileSync(path.join(ws, '.standpoint-baseline.json'), '{ "version": 1, "entries": ');
    expectUsage(check(ws), /is not valid JSON/);
    fs.writeFileSync(path.join(ws, '.standpoint-baseline.json'), '{ "version": 1, "entries": { "a.yaml": { "r": { "k": { "count": 0 } } } } }');
    expectUsage(check(ws), /needs a positive whole "count"/);
  });

  it('works with --changed-since: only changed records are reported, baselined findings on them stay silent', () => {
    const ws = workspace();
    baselined(ws);
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'log');
    fs.appendFileSync(path.join(ws, 'decisions/old-1.yaml'), '# touched\n');
    writeFiles(ws, { 'decisions/new.yaml': record({ id: 'LP-2026-807', promise: HEDGED }) });
    const result = check(ws, '--changed-since', 'HEAD');
    assert.equal(result.code, 0, show(result));
    assert.deepEqual(triples(findings(result)), [`promise-hedged@decisions/new.yaml:${HEDGE_LINE}`]);
    assert.match(run(ws, 'check', '--changed-since', 'HEAD').stdout, /in 4 decision records, 3 baselined\n$/, 'baselined findings of changed records only');
  });

  describe('in the other formats', () => {
    function withNewFinding(): string {
      const ws = workspace();
      baselined(ws);
      writeFiles(ws, { 'decisions/new.yaml': record({ id: 'LP-2026-808', promise: HEDGED }) });
      return ws;
    }

    it('markdown says how many findings are baselined', () => {
      const ws = withNewFinding();
      const md = run(ws, 'check', '--format', 'markdown');
      assert.equal(md.code, 0, show(md));
      assert.match(md.stdout, /^## ⚠️ Standpoint: 0 errors, 1 warning, 0 info in 4 decision records$/m);
      assert.match(md.stdout, /^6 findings are baselined in `\.standpoint-baseline\.json` and not shown; only new findings count\.$/m);
      assert.equal(md.stdout.split('\n').filter((l) => l.startsWith('- ')).length, 1);
    });

    it('sarif marks results new or unchanged, suppresses the baselined ones and names the baseline', () => {
      const ws = withNewFinding();
      const log = JSON.parse(run(ws, 'check', '--format', 'sarif').stdout) as Log;
      const results = log.runs[0].results ?? [];
      assert.equal(results.length, 7);
      const states = results.map((r) => `${r.baselineState} ${r.locations?.[0].physicalLocation?.artifactLocation?.uri} ${r.ruleId}`).sort();
      assert.deepEqual(states, [
        'new decisions/new.yaml promise-hedged',
        'unchanged decisions/old-1.yaml barrier-mitigation-required',
        'unchanged decisions/old-1.yaml barrier-mitigation-required',
        'unchanged decisions/old-1.yaml promise-hedged',
        'unchanged decisions/old-2.yaml barrier-mitigation-required',
        'unchanged decisions/old-2.yaml barrier-mitigation-required',
        'unchanged decisions/old-2.yaml promise-hedged',
      ]);
      for (const r of results) {
        assert.equal(r.suppressions?.[0]?.kind, r.baselineState === 'unchanged' ? 'external' : undefined);
      }
      assert.deepEqual(log.runs[0].properties, { baseline: '.standpoint-baseline.json', baselined: 6 });
      const noBaseline = JSON.parse(run(ws, 'check', '--format', 'sarif', '--no-baseline').stdout) as Log;
      assert.ok((noBaseline.runs[0].results ?? []).every((r) => r.baselineState === undefined && r.suppressions === undefined));
    });

    it('sarif fingerprints of baselined results are the baseline keys', () => {
      const ws = withNewFinding();
      const keys = Object.values(read(path.join(ws, '.standpoint-baseline.json')).entries)
        .flatMap((rules) => Object.values(rules).flatMap((k) => Object.keys(k)))
        .sort();
      const log = JSON.parse(run(ws, 'check', '--format', 'sarif').stdout) as Log;
      const prints = (log.runs[0].results ?? [])
        .filter((r) => r.baselineState === 'unchanged')
        .map((r) => r.partialFingerprints?.['standpointFinding/v1'])
        .sort();
      assert.deepEqual(prints, keys);
    });
  });
});
