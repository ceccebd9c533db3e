import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Project } from '../server/src/core/engine/project.js';
import { AnalysisCache } from '../server/src/node/cache.js';
import { linesOf } from '../server/src/node/cache-lines.js';
import { lintWorkspace } from '../server/src/node/lint-workspace.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { builtinPaths, packageVersion } from '../server/src/node/package-paths.js';
import { replayReport, ReportWriter, type ReportHead } from '../server/src/node/stored-report.js';
import { git, record, show, standpoint, tempWorkspaces, TODAY, type RunResult } from './helpers/cli.js';
import { segmentRule } from './helpers/team-rules.js';

const CACHE = '.standpoint-cache';
const LONG_AGO = new Date('2025-01-01T00:00:00Z');
const LATER = new Date('2025-06-01T00:00:00Z');

/** Findings of several rules, across records, and a team rule whose description only SARIF shows. */
const FILES: Record<string, string> = {
  '.standpoint.yaml': 'root: true\nrule_dirs: [policy]\n',
  'policy/evidence-segment/rule.yaml': segmentRule(),
  'decisions/a.yaml': record({ id: 'LP-2026-901', promise: 'We aim to ship orders the same day' }),
  'decisions/b.yaml': record({ id: 'LP-2026-902' }),
  'decisions/c.yaml': record({ id: 'LP-2026-902', title: 'Tracking for gift orders' }),
};

function age(ws: string): void {
  for (const file of fs.readdirSync(ws, { recursive: true, encoding: 'utf8' })) fs.utimesSync(path.join(ws, file), LONG_AGO, LONG_AGO);
}

function project(): Project {
  return new Project(new NodeHost(), { ...builtinPaths(), today: TODAY, commandLineRules: {} });
}

function records(ws: string): string[] {
  return ['a', 'b', 'c'].map((f) => path.join(ws, `decisions/${f}.yaml`));
}

/** How many reports the cache file holds, as lines. */
function reportLines(ws: string): number {
  return fs
    .readFileSync(path.join(ws, CACHE), 'latin1')
    .split('\n')
    .filter((l) => l.startsWith('=report\t')).length;
}

describe('stored report: a cached re-run writes the report the run would write', () => {
  const make = tempWorkspaces();

  /** Runs a check without the cache, then twice with it: all three must print and exit alike. */
  function same(ws: string, label: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): RunResult {
    const run = (extra: string[]) => standpoint(['check', '--today', TODAY, ...args, ...extra], { cwd: options.cwd ?? ws, env: options.env });
    const plain = run([]);
    assert.ok(plain.code === 0 || plain.code === 1, `${label}: ${show(plain)}`);
    for (let i = 1; i <= 2; i++) {
      const cached = run(['--cache', '--cache-location', path.join(ws, CACHE)]);
      assert.equal(cached.stdout, plain.stdout, `${label}, cached run ${i}`);
      assert.equal(cached.stderr, plain.stderr, `${label}, cached run ${i}`);
      assert.equal(cached.code, plain.code, `${label}, cached run ${i}`);
    }
    return plain;
  }

  it('in every format, to stdout and to a file, and each is stored once', () => {
    const ws = make(FILES);
    age(ws);
    for (const format of ['stylish', 'json', 'sarif', 'github', 'junit', 'markdown', 'rdjson', 'pr-comment']) {
      const plain = same(ws, format, ['--format', format]);
      assert.match(plain.stdout, /LP-2026-902|duplicate-id/, `${format}: findings are printed`);
      assert.equal(reportLines(ws), 1, `${format}: one report, the last one made`);
    }
    const out = path.join(ws, 'out', 'report.json');
    const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    for (let i = 1; i <= 2; i++) {
      const cached = standpoint(['check', '--today', TODAY, '--format', 'json', '--cache', '-o', out], { cwd: ws });
      assert.equal(cached.stdout, '');
      assert.equal(cached.code, plain.code);
      assert.equal(fs.readFileSync(out, 'utf8'), plain.stdout, `-o, run ${i}`);
    }
  });

  it('is made anew whenever something besides the records would change it', () => {
    const ws = make(FILES);
    age(ws);
    const json = same(ws, 'json', ['--format', 'json']);
    // Another folder, the same run: the paths in the report are relative to it.
    const inside = same(ws, 'from decisions/', ['--format', 'json', '..'], { cwd: path.join(ws, 'decisions') });
    assert.notEqual(inside.stdout, json.stdout);
    // Each step below differs from the one before it in one thing only: a key that left it out would replay the report before.
    same(ws, 'json again', ['--format', 'json']);
    const quiet = same(ws, '--quiet', ['--format', 'json', '--quiet']);
    assert.notEqual(quiet.stdout, json.stdout, 'the options below change the report');
    const strict = same(ws, '--max-warnings 0', ['--format', 'json', '--max-warnings', '0']);
    assert.equal(strict.stdout, json.stdout);
    const lenient = same(ws, 'stylish', ['--format', 'stylish', '--rule', 'duplicate-id:warning', '--max-warnings', '10']);
    assert.equal(lenient.code, 0, show(lenient));
    const other = same(ws, 'stylish, --max-warnings 0', ['--format', 'stylish', '--rule', 'duplicate-id:warning', '--max-warnings', '0']);
    assert.equal(other.code, 1, 'only the exit code differs');
    // GitHub's variables: the formats link to the lines.
    const github = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/decisions', GITHUB_SHA: '0123456789abcdef', GITHUB_WORKSPACE: ws };
    const plainComment = same(ws, 'pr-comment', ['--format', 'pr-comment'], { env: { GITHUB_SERVER_URL: undefined, GITHUB_SHA: undefined } });
    const linked = same(ws, 'pr-comment on GitHub', ['--format', 'pr-comment'], { env: github });
    assert.notEqual(linked.stdout, plainComment.stdout);
    // A team rule's description: only SARIF shows it, and the analyses do not change.
    const sarif = same(ws, 'sarif', ['--format', 'sarif']);
    fs.writeFileSync(
      path.join(ws, 'policy/evidence-segment/rule.yaml'),
      segmentRule().replace('Every piece of customer evidence names its segment', 'Evidence names its segment'),
    );
    fs.utimesSync(path.join(ws, 'policy/evidence-segment/rule.yaml'), LATER, LATER);
    const described = same(ws, 'sarif, the rule described anew', ['--format', 'sarif']);
    assert.notEqual(described.stdout, sarif.stdout);
  });

  it('follows the baseline: written, edited, removed, and named with --baseline', () => {
    const ws = make(FILES);
    age(ws);
    const before = same(ws, 'no baseline', ['--format', 'json']);
    const baseline = path.join(ws, '.standpoint-baseline.json');
    const wrote = standpoint(['baseline', '--today', TODAY], { cwd: ws });
    assert.equal(wrote.code, 0, show(wrote));
    const covered = same(ws, 'baseline', ['--format', 'json']);
    assert.notEqual(covered.stdout, before.stdout, 'the baseline covers the findings');
    // Entries that no longer occur: the run says so on stderr and exits 1, and so does the replay.
    const data = JSON.parse(fs.readFileSync(baseline, 'utf8')) as Record<string, unknown>;
    const text = JSON.stringify(data, null, 2)
      .replace(/"LP-2026-902/g, '"LP-2026-999')
      .replace(/duplicate-id/g, 'promise-hedged');
    fs.writeFileSync(baseline, text);
    const stale = same(ws, 'baseline edited', ['--format', 'json']);
    assert.notEqual(stale.stdout + stale.stderr, covered.stdout + covered.stderr, 'the edit changes the report');
    same(ws, '--no-baseline', ['--format', 'json', '--no-baseline']);
    fs.copyFileSync(baseline, path.join(ws, 'named.json'));
    fs.rmSync(baseline);
    const gone = same(ws, 'baseline removed', ['--format', 'json']);
    assert.equal(gone.stdout, before.stdout);
    same(ws, '--baseline named.json', ['--format', 'json', '--baseline', 'named.json']);
  });

  it('is not replayed when a record changed, nor for --prune-baseline', () => {
    const ws = make(FILES);
    age(ws);
    const first = same(ws, 'json', ['--format', 'json']);
    assert.equal(standpoint(['baseline', '--today', TODAY], { cwd: ws }).code, 0);
    same(ws, 'json, with the baseline', ['--format', 'json']);
    // b takes an id of its own: the duplicate-id findings the baseline lists no longer occur.
    fs.writeFileSync(path.join(ws, 'decisions/b.yaml'), record({ id: 'LP-2026-903' }));
    fs.utimesSync(path.join(ws, 'decisions/b.yaml'), LATER, LATER);
    const changed = same(ws, 'a record changed', ['--format', 'json', '--no-baseline']);
    assert.notEqual(changed.stdout, first.stdout);
    assert.equal(reportLines(ws), 1, 'the report of the run before is cut off, not left behind');
    const stale = same(ws, 'stale baseline entries', ['--format', 'json']);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /no longer occur/, show(stale));
    const prune = ['check', '--today', TODAY, '--format', 'json', '--cache', '--prune-baseline'];
    const pruned = standpoint(prune, { cwd: ws });
    assert.match(pruned.stderr, /removed \d+ fixed findings? from \.standpoint-baseline\.json/, show(pruned));
    assert.equal(pruned.code, 0, show(pruned));
    assert.doesNotMatch(standpoint(prune, { cwd: ws }).stderr, /removed/, 'pruned once, and not replayed');
    same(ws, 'after pruning', ['--format', 'json']);
  });

  it('a damaged report is not replayed: the run is made again and stores it again', () => {
    const ws = make(FILES);
    age(ws);
    const plain = same(ws, 'json', ['--format', 'json']);
    const cacheFile = path.join(ws, CACHE);
    const bytes = fs.readFileSync(cacheFile);
    const at = bytes.indexOf('"LP-2026-902', bytes.indexOf('\n=report\t'));
    assert.ok(at > 0, 'the report holds the finding');
    // The same length: every place the index names stays where it is.
    bytes.write('"LP-2026-903', at);
    fs.writeFileSync(cacheFile, bytes);
    const spoilt = Buffer.from(bytes);
    same(ws, 'after the damage', ['--format', 'json']);
    assert.notDeepEqual(fs.readFileSync(cacheFile), spoilt, 'the report is stored again');
    assert.equal(reportLines(ws), 1);
    assert.equal(standpoint(['check', '--today', TODAY, '--format', 'json', '--cache'], { cwd: ws }).stdout, plain.stdout);
  });

  it('a report left unfinished (a run stopped while writing it) leaves the file readable, and the next run whole', () => {
    const ws = make(FILES);
    age(ws);
    const plain = same(ws, 'json', ['--format', 'json']);
    const cacheFile = path.join(ws, CACHE);
    const text = fs.readFileSync(cacheFile, 'latin1');
    const start = text.lastIndexOf('\n=report\t');
    // Cut in the middle of the report, its length not yet written: as a run stopped mid-way leaves it.
    fs.writeFileSync(cacheFile, `${text.slice(0, start)}\n=report\t${'-'.repeat(15)}\t${text.slice(start + 25, start + 200)}`, 'latin1');
    same(ws, 'after the cut', ['--format', 'json']);
    assert.match(fs.readFileSync(cacheFile, 'latin1'), /\n=end\t\d+ \d+\n$/, 'the file ends with an index again');
    assert.equal(reportLines(ws), 1);
    assert.equal(standpoint(['check', '--today', TODAY, '--format', 'json', '--cache'], { cwd: ws }).stdout, plain.stdout);
  });
});

describe('stored report: in the cache file', () => {
  const make = tempWorkspaces();

  async function run(ws: string, report?: string) {
    const cache = new AnalysisCache(path.join(ws, CACHE), packageVersion());
    const result = await lintWorkspace(project(), records(ws), { concurrency: 'off', cache, report });
    return { cache, result };
  }

  it('is given instead of the findings only to a run reusing the stored one, under the same key', async () => {
    const ws = make(FILES);
    age(ws);
    const cold = await run(ws, 'key-1');
    assert.equal(cold.result.replay, undefined, 'nothing stored yet');
    assert.ok(cold.result.findings.length > 0);
    const recorder = cold.cache.recordReport('key-1');
    assert.ok(recorder);
    const passed = [...recorder.tee(['{"first":', Buffer.from('"piece"}\n'), 'and a last line\n'])];
    assert.deepEqual(passed, ['{"first":', Buffer.from('"piece"}\n'), 'and a last line\n'], 'tee passes every piece through');
    recorder.end(1, 'standpoint: on stderr\n');

    const warm = await run(ws, 'key-1');
    assert.ok(warm.result.replay, 'replayed');
    assert.deepEqual(warm.result.findings, [], 'no finding decoded');
    assert.equal(Buffer.concat([...warm.result.replay.pieces]).toString(), '{"first":"piece"}\nand a last line\n');
    assert.equal(warm.result.replay.exitCode, 1);
    assert.equal(warm.result.replay.stderr, 'standpoint: on stderr\n');

    const otherKey = await run(ws, 'key-2');
    assert.equal(otherKey.result.replay, undefined);
    assert.equal(JSON.stringify(otherKey.result.findings), JSON.stringify(cold.result.findings));
    assert.equal((await run(ws)).result.replay, undefined, 'no key asked');
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'records');
    const scoped = new AnalysisCache(path.join(ws, CACHE), packageVersion());
    const since = await lintWorkspace(project(), records(ws), { concurrency: 'off', cache: scoped, report: 'key-1', changedSince: { ref: 'HEAD', cwd: ws } });
    assert.equal(since.replay, undefined, 'never for --changed-since');
    assert.equal(since.scope, 'records changed since HEAD');

    fs.writeFileSync(records(ws)[1], record({ id: 'LP-2026-903' }));
    fs.utimesSync(records(ws)[1], LATER, LATER);
    const changed = await run(ws, 'key-1');
    assert.equal(changed.result.replay, undefined, 'a record changed');
    assert.equal((await run(ws, 'key-1')).result.replay, undefined, 'the report of the run before is gone');
  });

  it('a run whose outcome is not stored stores no report; an abandoned one leaves the file as a valid cache', async () => {
    const ws = make(FILES);
    age(ws);
    const first = await run(ws, 'k');
    first.cache.recordReport('k')!.end(0, '');
    const unstored = new AnalysisCache(path.join(ws, CACHE), packageVersion());
    assert.equal(unstored.recordReport('k'), undefined, 'no run of this process is known to be the stored one');

    const again = await run(ws, 'k');
    assert.ok(again.result.replay);
    const recorder = again.cache.recordReport('k2')!;
    const failing = function* () {
      yield 'a piece';
      throw new Error('the formatter failed');
    };
    assert.throws(() => [...recorder.tee(failing())], /the formatter failed/);
    recorder.abandon();
    assert.equal(reportLines(ws), 0, 'the replaced report was cut off, and the new one dropped');
    const after = await run(ws, 'k');
    assert.equal(after.result.replay, undefined);
    assert.equal(JSON.stringify(after.result.findings), JSON.stringify((await lintWorkspace(project(), records(ws), { concurrency: 'off' })).findings));
  });

  it('a reader of lines passes over a report’s own newlines, and stops at an unfinished one', () => {
    const fake = `${JSON.stringify(['/w/decisions/x.yaml', 'setup', 'hash', 1, 1])}\t{}`;
    const report = `line one\n${fake}\n=run\t["key",[]]\n`;
    const length = String(Buffer.byteLength(report)).padStart(15, '0');
    const file = Buffer.from(`standpoint-cache 5 x\n["a"]\tA\n\n=report\t${length}\t${report}\n=run\t["k",[]]\n\n=report\t${'-'.repeat(15)}\t${report}`);
    const lines = [...linesOf(file)].map((l) => l.toString());
    assert.deepEqual(lines, ['standpoint-cache 5 x', '["a"]\tA', '', `=report\t${length}\t${report}`, '=run\t["k",[]]', '']);
  });

  it('a report read a window at a time gives the bytes written; one changed byte and it is not replayed', () => {
    const ws = make();
    const file = path.join(ws, 'cache');
    fs.writeFileSync(file, 'standpoint-cache 5 x\n');
    const pieces = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? Buffer.from(`bytes ${i}\n`) : `piece ${i}: ${'é'.repeat(i % 17)}\n`));
    const fd = fs.openSync(file, 'a');
    const writer = new ReportWriter(file, fd, fs.statSync(file).size, { run: 'run', key: 'key' });
    const passed = [...writer.tee(pieces)];
    const { place, head, bytes, size } = writer.end(2, 'err')!;
    fs.closeSync(fd);
    assert.deepEqual(passed, pieces);
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    assert.equal(place.length, expected.length);
    assert.equal(size, fs.statSync(file).size);
    assert.equal(bytes, '=report\t'.length + 15 + 1 + place.length + 1, 'the line: its head, the report, a newline');
    const read = (h: ReportHead, windowBytes: number) => {
      const rfd = fs.openSync(file, 'r');
      try {
        const replay = replayReport(rfd, place, h, { window: windowBytes, whole: 0 });
        return replay && Buffer.concat([...replay.pieces]);
      } finally {
        fs.closeSync(rfd);
      }
    };
    for (const windowBytes of [1, 7, 64, 1000, expected.length, expected.length + 5]) assert.deepEqual(read(head, windowBytes), expected, `windows of ${windowBytes}`);
    const wholeFd = fs.openSync(file, 'r');
    assert.deepEqual(Buffer.concat([...replayReport(wholeFd, place, head)!.pieces]), expected, 'read whole');
    fs.closeSync(wholeFd);
    assert.equal(read({ ...head, exitCode: 0 }, 64), undefined, 'another exit code');
    assert.equal(read({ ...head, stderr: '' }, 64), undefined, 'another stderr');
    const damaged = fs.readFileSync(file);
    damaged[place.at + 500] ^= 0x01;
    fs.writeFileSync(file, damaged);
    assert.equal(read(head, 64), undefined, 'one bit flipped');
  });

  it('a cache file that cannot be written to: every piece still reaches the reader, and nothing is stored', () => {
    const ws = make();
    const file = path.join(ws, 'cache');
    fs.writeFileSync(file, 'standpoint-cache 5 x\n');
    // Open to read only: every write fails, as on a full disk or a read-only mount.
    const fd = fs.openSync(file, 'r');
    const writer = new ReportWriter(file, fd, fs.statSync(file).size, { run: 'run', key: 'key' });
    const pieces = ['one\n', Buffer.from('two\n'), 'three\n'];
    assert.deepEqual([...writer.tee(pieces)], pieces);
    assert.equal(writer.end(0, ''), undefined);
    fs.closeSync(fd);
    assert.equal(fs.readFileSync(file, 'utf8'), 'standpoint-cache 5 x\n');
  });
});
