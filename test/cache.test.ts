import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Project } from '../server/src/core/engine/project.js';
import { AnalysisCache, type CacheStrategy } from '../server/src/node/cache.js';
import { lintWorkspace } from '../server/src/node/lint-workspace.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { builtinPaths, packageVersion } from '../server/src/node/package-paths.js';
import { findings, git, lineOf, record, show, standpoint, tempWorkspaces, TODAY, triples } from './helpers/cli.js';

const HEDGED = 'We aim to ship orders the same day';
// The same length as HEDGED, and no hedge: an edit that keeps the file's size.
const PLAIN = 'We are to ship orders the same day';
const LONG_AGO = new Date('2025-01-01T00:00:00Z');
const LATER = new Date('2025-06-01T00:00:00Z');
const CACHE = '.standpoint-cache';

/** A NodeHost that counts how often each file is read. */
class CountingHost extends NodeHost {
  readonly reads = new Map<string, number>();
  override readFile(file: string): string | undefined {
    this.reads.set(file, (this.reads.get(file) ?? 0) + 1);
    return super.readFile(file);
  }
}

function project(host = new NodeHost()): Project {
  return new Project(host, { ...builtinPaths(), today: TODAY, commandLineRules: {} });
}

/** Sets a file's modification (and access) time, as an old checkout or `touch -d` would. */
function setTime(file: string, when: Date): void {
  fs.utimesSync(file, when, when);
}

/** How many analyses a cache file holds (its other lines hold the last run's outcome). */
function analysisLines(text: string): number {
  return text.split('\n').filter((l) => l.startsWith('[')).length;
}

/** What one cached run decides per record, and how often it reads each of them. */
function lookups(ws: string, files: string[], strategy: CacheStrategy) {
  const host = new CountingHost();
  const cache = new AnalysisCache(path.join(ws, CACHE), packageVersion(), strategy);
  const p = project(host);
  const kinds = files.map((f) => cache.lookup(p, path.join(ws, f)).kind);
  cache.save();
  return { kinds, reads: files.map((f) => host.reads.get(path.join(ws, f)) ?? 0) };
}

describe('cache: --cache-strategy metadata and content', () => {
  const make = tempWorkspaces();
  const hedgeLine = lineOf(record({ id: 'X', promise: HEDGED }), HEDGED);
  const files = ['decisions/a.yaml', 'decisions/b.yaml'];

  /** Two records (a hedged one), written long ago, with a warm cache. */
  async function warm(): Promise<string> {
    const ws = make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/a.yaml': record({ id: 'LP-2026-401', promise: HEDGED }),
      'decisions/b.yaml': record({ id: 'LP-2026-402' }),
    });
    for (const f of files) setTime(path.join(ws, f), LONG_AGO);
    const p = project();
    const cache = new AnalysisCache(path.join(ws, CACHE), packageVersion());
    await lintWorkspace(
      p,
      files.map((f) => path.join(ws, f)),
      { concurrency: 'off', cache },
    );
    return ws;
  }
  const check = (ws: string, ...args: string[]) => standpoint(['check', '--today', TODAY, '--format', 'json', ...args], { cwd: ws });
  /** Rewrites a.yaml without the hedge, keeping its size, and gives it this mtime. */
  const unhedge = (ws: string, when: Date) => {
    const file = path.join(ws, 'decisions/a.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(HEDGED, PLAIN));
    setTime(file, when);
  };

  it('metadata: unchanged files are hits without being read; content: each is read and hashed', async () => {
    const ws = await warm();
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['hit', 'hit'], reads: [0, 0] });
    assert.deepEqual(lookups(ws, files, 'content'), { kinds: ['hit', 'hit'], reads: [1, 1] });
  });

  it('metadata: a touched file with the same text is read, is a hit, and its new mtime is stored', async () => {
    const ws = await warm();
    setTime(path.join(ws, 'decisions/a.yaml'), LATER);
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['hit', 'hit'], reads: [1, 0] });
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['hit', 'hit'], reads: [0, 0] }, 'the refreshed entry is trusted again');
  });

  it('a file changed since the last run is analysed again, under either strategy', async () => {
    const ws = await warm();
    const before = check(ws, '--cache');
    assert.equal(before.code, 0, show(before));
    assert.deepEqual(triples(findings(before)), [`promise-hedged@decisions/a.yaml:${hedgeLine}`]);
    unhedge(ws, LATER);
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['miss', 'hit'], reads: [1, 0] });
    for (const strategy of ['metadata', 'content']) {
      const run = check(ws, '--cache', '--cache-strategy', strategy);
      assert.equal(run.code, 0, show(run));
      assert.deepEqual(findings(run), [], strategy);
    }
  });

  it('metadata misses an edit that keeps both size and mtime (the known trade-off); content does not', async () => {
    const ws = await warm();
    unhedge(ws, LONG_AGO);
    const trusting = check(ws, '--cache');
    assert.equal(trusting.code, 0, show(trusting));
    assert.deepEqual(triples(findings(trusting)), [`promise-hedged@decisions/a.yaml:${hedgeLine}`], 'the stale entry is used');
    const hashing = check(ws, '--cache', '--cache-strategy', 'content');
    assert.equal(hashing.code, 0, show(hashing));
    assert.deepEqual(findings(hashing), []);
    assert.deepEqual(findings(check(ws)), [], 'without the cache');
  });

  it('does not trust the size and mtime of a file modified just before the run', async () => {
    const ws = await warm();
    // An mtime after the run started is as untrustworthy as one a moment before it.
    const recent = new Date(Date.now() + 60_000);
    setTime(path.join(ws, 'decisions/a.yaml'), recent);
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['hit', 'hit'], reads: [1, 0] });
    // Same size and the same mtime as the entry just stored: only reading the file can tell.
    unhedge(ws, recent);
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['miss', 'hit'], reads: [1, 0] });
  });

  it('a run that re-analyses one file appends its entry, and the next run uses it', async () => {
    const ws = await warm();
    const cacheFile = path.join(ws, CACHE);
    const before = fs.readFileSync(cacheFile, 'utf8');
    unhedge(ws, LATER);
    assert.deepEqual(findings(check(ws, '--cache')), []);
    const after = fs.readFileSync(cacheFile, 'utf8');
    assert.ok(after.startsWith(before), 'appended to, not rewritten');
    assert.equal(analysisLines(after), analysisLines(before) + 1);
    assert.deepEqual(lookups(ws, files, 'metadata'), { kinds: ['hit', 'hit'], reads: [0, 0] });
  });

  it('--cache-strategy with another value exits 2 naming the choices', () => {
    const run = standpoint(['check', 'samples', '--cache', '--cache-strategy', 'mtime']);
    assert.equal(run.code, 2, show(run));
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'standpoint: --cache-strategy expects one of metadata, content, got "mtime"\n');
  });
});

describe('cache: robustness and identical output', () => {
  const make = tempWorkspaces();

  /** Records with a per-document finding, a reused id (a cross-record finding) and a clean one. */
  function workspace(): string {
    const ws = make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/a.yaml': record({ id: 'LP-2026-501', promise: HEDGED }),
      'decisions/b.yaml': record({ id: 'LP-2026-502' }),
      'decisions/c.yaml': record({ id: 'LP-2026-502', title: 'Tracking for gift orders' }),
      'decisions/d.yaml': record({ id: 'LP-2026-504' }),
    });
    for (const f of ['a', 'b', 'c', 'd']) setTime(path.join(ws, `decisions/${f}.yaml`), LONG_AGO);
    return ws;
  }
  const check = (ws: string, ...args: string[]) => standpoint(['check', '--today', TODAY, '--format', 'json', ...args], { cwd: ws });
  // The records reusing an id reuse their promise's id too (P-<id>): two findings each.
  const text = record({ id: 'LP-2026-502' });
  const reused = (f: string) => [`duplicate-id@decisions/${f}.yaml:${lineOf(text, 'id: LP-')}`, `duplicate-id@decisions/${f}.yaml:${lineOf(text, 'id: P-')}`];

  it('prints byte for byte what an uncached run prints, cold and warm, under both strategies', () => {
    const ws = workspace();
    const plain = check(ws);
    assert.equal(plain.code, 1, show(plain));
    const hedged = `promise-hedged@decisions/a.yaml:${lineOf(record({ id: 'X', promise: HEDGED }), HEDGED)}`;
    assert.deepEqual(triples(findings(plain)), [...reused('b'), ...reused('c'), hedged].sort());
    const runs = [
      ['cold', '--cache', '--concurrency', '2'],
      ['warm', '--cache'],
      ['warm', '--cache', '--cache-strategy', 'content'],
      ['cold', '--cache', '--concurrency', 'off'],
      ['warm', '--cache', '--cache-strategy', 'metadata'],
    ];
    for (const [state, ...args] of runs) {
      if (state === 'cold') fs.rmSync(path.join(ws, CACHE), { force: true });
      const run = check(ws, ...args);
      assert.equal(run.code, plain.code, args.join(' '));
      assert.equal(run.stdout, plain.stdout, args.join(' '));
      assert.equal(run.stderr, '');
    }
  });

  it('--changed-since with a warm cache reports what it reports without one', () => {
    const ws = workspace();
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decisions');
    assert.equal(check(ws, '--cache').code, 1);
    // d now reuses c's id: d is reported, and so is c, whose finding names d.
    fs.writeFileSync(path.join(ws, 'decisions/d.yaml'), record({ id: 'LP-2026-502' }));
    const plain = check(ws, '--changed-since', 'HEAD');
    assert.equal(plain.code, 1, show(plain));
    assert.deepEqual(triples(findings(plain)), [...reused('b'), ...reused('c'), ...reused('d')].sort());
    const cached = check(ws, '--changed-since', 'HEAD', '--cache');
    assert.equal(cached.code, 1, show(cached));
    assert.equal(cached.stdout, plain.stdout);
  });

  const damage: Array<[string, (text: string) => string]> = [
    ['a damaged cache file', () => 'not a cache\n{"format":'],
    ['a cache file of an older layout', () => '{"format":1,"version":"0.1.0","entries":{}}'],
    ['a cache file of another version', (text) => text.replace(/^(standpoint-cache \d+) .*/, '$1 0.0.1')],
    ['a cache file whose last entry is cut off', (text) => text.slice(0, -40)],
    ['a cache file with a line that is not an entry', (text) => text.replace('\n', '\n["x"]\tnot json\n')],
  ];
  for (const [name, spoil] of damage) {
    it(`recovers from ${name} without a word`, () => {
      const ws = workspace();
      const plain = check(ws);
      const cacheFile = path.join(ws, CACHE);
      assert.equal(check(ws, '--cache').stdout, plain.stdout);
      fs.writeFileSync(cacheFile, spoil(fs.readFileSync(cacheFile, 'utf8')));
      const run = check(ws, '--cache');
      assert.equal(run.code, 1, show(run));
      assert.equal(run.stdout, plain.stdout);
      assert.equal(run.stderr, '');
      assert.deepEqual(lookups(ws, ['decisions/a.yaml', 'decisions/d.yaml'], 'metadata').kinds, ['hit', 'hit'], 'rebuilt and usable');
    });
  }
});

describe('cache: the index at the end of the cache file', () => {
  const make = tempWorkspaces();
  const check = (ws: string) => standpoint(['check', '--today', TODAY, '--format', 'json', '--cache'], { cwd: ws });
  function workspace(): string {
    const ws = make({
      '.standpoint.yaml': 'root: true\n',
      'decisions/a.yaml': record({ id: 'LP-2026-701', promise: HEDGED }),
      'decisions/b.yaml': record({ id: 'LP-2026-702' }),
      'decisions/c.yaml': record({ id: 'LP-2026-702', title: 'Tracking for gift orders' }),
    });
    for (const f of ['a', 'b', 'c']) setTime(path.join(ws, `decisions/${f}.yaml`), LONG_AGO);
    return ws;
  }
  interface Index {
    files: string[];
    entries: unknown[];
    outcomes: unknown[];
    report: unknown[] | null;
    previous: [number, number] | null;
  }
  /** The chain of indexes the file ends with, as the file holds them: the last first, the whole one last. */
  const chainOf = (text: string): Index[] => {
    const trailer = /\n=end\t(\d+) (\d+)\n$/.exec(text);
    assert.ok(trailer, `the file ends with a trailer: ${JSON.stringify(text.slice(-80))}`);
    const bytes = Buffer.from(text);
    const chain: Index[] = [];
    for (let place: [number, number] | null = [Number(trailer[1]), Number(trailer[2])]; place; place = chain[chain.length - 1].previous) {
      const [at, length]: [number, number] = place;
      assert.equal(bytes.toString('utf8', at - '=index\t'.length, at), '=index\t');
      chain.push(JSON.parse(bytes.toString('utf8', at, at + length)) as Index);
    }
    return chain;
  };
  /** Every analysis the file's indexes name. */
  const entriesOf = (text: string) => chainOf(text).reduce((n, index) => n + index.entries.length, 0);

  it('names every analysis and outcome; a run that changes nothing leaves the file as it is', () => {
    const ws = workspace();
    const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(check(ws).stdout, plain.stdout);
    const cacheFile = path.join(ws, CACHE);
    const text = fs.readFileSync(cacheFile, 'utf8');
    const [report, whole] = chainOf(text);
    assert.equal(whole.previous, null, 'a whole index');
    assert.equal(whole.entries.length, 3);
    assert.equal(whole.outcomes.length, 3);
    // The report was stored once the others were: an index of that line alone follows.
    assert.equal(report.entries.length + report.outcomes.length, 0);
    assert.ok(Array.isArray(report.report), 'the report stored with the run');
    assert.equal(chainOf(text).length, 2);
    assert.equal(check(ws).stdout, plain.stdout);
    assert.equal(fs.readFileSync(cacheFile, 'utf8'), text, 'nothing written');
    assert.deepEqual(lookupKinds(ws), ['hit', 'hit', 'hit']);
  });

  it('an appended run ends with an index of the new lines, naming the index before it', () => {
    const ws = workspace();
    check(ws);
    const cacheFile = path.join(ws, CACHE);
    const before = fs.readFileSync(cacheFile, 'utf8');
    fs.writeFileSync(path.join(ws, 'decisions/b.yaml'), record({ id: 'LP-2026-703' }));
    setTime(path.join(ws, 'decisions/b.yaml'), LATER);
    const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.equal(check(ws).stdout, plain.stdout);
    const after = fs.readFileSync(cacheFile, 'utf8');
    // The report stored last is of the run before: it and its index are cut off, and the run's lines appended in their place.
    const reportLine = before.lastIndexOf('\n=report\t');
    assert.ok(reportLine > 0 && after.startsWith(before.slice(0, reportLine)), 'appended to');
    assert.ok(!after.startsWith(before), 'the report of the run before is not left behind');
    assert.equal(chainOf(before).at(-1)!.previous, null, 'a whole index');
    // The run's lines and their index, then the report's line and its index.
    const [report, run] = chainOf(after);
    assert.equal(run.entries.length, 1, 'the entry appended');
    assert.ok(Array.isArray(run.previous));
    assert.ok(Array.isArray(report.report));
    assert.equal(chainOf(after).length, chainOf(before).length + 1);
    assert.deepEqual(lookupKinds(ws), ['hit', 'hit', 'hit']);
    assert.equal(check(ws).stdout, plain.stdout);
  });

  it('a long chain of appended indexes ends with a whole index again', () => {
    const ws = workspace();
    // Records that do not change: the lines each run outdates stay fewer than the live ones, and the file is not rewritten.
    for (let i = 10; i < 50; i++) {
      fs.writeFileSync(path.join(ws, `decisions/r${i}.yaml`), record({ id: `LP-2026-8${i}` }));
      setTime(path.join(ws, `decisions/r${i}.yaml`), LONG_AGO);
    }
    check(ws);
    const plain = () => standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws }).stdout;
    const lengths: number[] = [];
    for (let run = 1; run <= 20; run++) {
      fs.writeFileSync(path.join(ws, 'decisions/b.yaml'), record({ id: 'LP-2026-702', title: `Tracking, take ${run}` }));
      setTime(path.join(ws, 'decisions/b.yaml'), new Date(LATER.getTime() + run * 1000));
      assert.equal(check(ws).stdout, plain(), `run ${run}`);
      lengths.push(chainOf(fs.readFileSync(path.join(ws, CACHE), 'utf8')).length);
    }
    // Each run cuts off the report of the run before with its index, then appends its own lines and report, each with an
    // index: one index more a run, until the 16th is written whole.
    assert.deepEqual(lengths.slice(0, 15), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1]);
    assert.ok(Math.max(...lengths) <= 16, JSON.stringify(lengths));
    assert.deepEqual(lookupKinds(ws), ['hit', 'hit', 'hit']);
  });

  const spoilers: Array<[string, (text: string) => string]> = [
    ['an index that is not JSON', (text) => text.replace(/\n=index\t\{/, '\n=index\t[')],
    ['a trailer pointing past the end of the file', (text) => text.replace(/\n=end\t\d+ /, '\n=end\t999999999 ')],
    ['a trailer pointing at another line', (text) => text.replace(/\n=end\t\d+ /, '\n=end\t1 ')],
    ['an index naming a later one as the one before it', (text) => text.replace(/"previous":null/, '"previous":[999999999,10]')],
    ['lines moved (a line added before them)', (text) => text.replace('\n', '\n["x"]\tnot json\n')],
  ];
  for (const [what, spoil] of spoilers) {
    it(`${what}: the output is unchanged, and the file is whole again afterwards`, () => {
      const ws = workspace();
      const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
      check(ws);
      const cacheFile = path.join(ws, CACHE);
      const text = fs.readFileSync(cacheFile, 'utf8');
      const spoilt = spoil(text);
      assert.notEqual(spoilt, text);
      fs.writeFileSync(cacheFile, spoilt);
      const run = check(ws);
      assert.equal(run.stdout, plain.stdout, show(run));
      assert.equal(run.stderr, '');
      assert.equal(entriesOf(fs.readFileSync(cacheFile, 'utf8')), 3);
      assert.deepEqual(lookupKinds(ws), ['hit', 'hit', 'hit']);
    });
  }

  it('a run whose cache file another run wrote in the meantime rewrites it rather than append to a file it did not read', async () => {
    const ws = workspace();
    check(ws);
    const cacheFile = path.join(ws, CACHE);
    const files = ['a', 'b', 'c'].map((f) => path.join(ws, `decisions/${f}.yaml`));
    const p = project();
    const slow = new AnalysisCache(cacheFile, packageVersion());
    fs.writeFileSync(files[0], record({ id: 'LP-2026-701' }));
    setTime(files[0], LATER);
    assert.equal(check(ws).code, 1, 'another run appends its entry');
    fs.writeFileSync(files[1], record({ id: 'LP-2026-704' }));
    setTime(files[1], LATER);
    await lintWorkspace(p, files, { concurrency: 'off', cache: slow });
    assert.equal(chainOf(fs.readFileSync(cacheFile, 'utf8'))[0].entries.length, 3, 'written afresh: a whole index');
    assert.deepEqual(lookupKinds(ws), ['hit', 'hit', 'hit']);
    assert.equal(check(ws).stdout, standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws }).stdout);
  });

  function lookupKinds(ws: string): string[] {
    const cache = new AnalysisCache(path.join(ws, CACHE), packageVersion());
    const p = project();
    return ['a', 'b', 'c'].map((f) => cache.lookup(p, path.join(ws, `decisions/${f}.yaml`)).kind);
  }
});

describe('cache: the cache file is untrusted input', () => {
  const make = tempWorkspaces();
  const HEDGE = 'We aim to ship orders the same day';

  /** A workspace with a warm cache, and a way to rewrite a.yaml's stored analysis. */
  function warmWorkspace(): { ws: string; rewrite: (edit: (analysis: Record<string, unknown>) => unknown) => void } {
    const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/a.yaml': record({ id: 'LP-2026-411', promise: HEDGE }) });
    setTime(path.join(ws, 'decisions/a.yaml'), LONG_AGO);
    const cold = standpoint(['check', '--today', TODAY, '--format', 'json', '--cache'], { cwd: ws });
    assert.equal(cold.code, 0, show(cold));
    const rewrite = (edit: (analysis: Record<string, unknown>) => unknown) => {
      const file = path.join(ws, CACHE);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const i = lines.findIndex((l) => l.includes('a.yaml'));
      const tab = lines[i].indexOf('\t');
      lines[i] = `${lines[i].slice(0, tab)}\t${JSON.stringify(edit(JSON.parse(lines[i].slice(tab + 1)) as Record<string, unknown>))}`;
      fs.writeFileSync(file, lines.join('\n'));
    };
    return { ws, rewrite };
  }
  const cachedRun = (ws: string) => standpoint(['check', '--today', TODAY, '--format', 'json', '--cache'], { cwd: ws });

  const cases: Array<[string, (a: Record<string, unknown>) => unknown]> = [
    ['valid JSON of the wrong shape', (a) => ({ file: a.file })],
    [
      'a finding with an impossible span',
      (a) => ({ ...a, findings: [{ rule: 'promise-hedged', severity: 'error', message: 'injected', span: { start: 5, end: 999_999 } }] }),
    ],
    ['an analysis of another file', (a) => ({ ...a, file: '/elsewhere/a.yaml' })],
    ['a finding of an unknown severity', (a) => ({ ...a, findings: [{ rule: 'x', severity: 'fatal', message: 'injected', span: { start: 0, end: 1 } }] })],
  ];
  for (const [what, edit] of cases) {
    it(`an entry holding ${what} is recomputed, and later runs keep working`, () => {
      const { ws, rewrite } = warmWorkspace();
      const expected = triples(findings(cachedRun(ws)));
      assert.equal(expected.length, 1);
      rewrite(edit);
      for (let run = 0; run < 2; run++) {
        const result = cachedRun(ws);
        assert.equal(result.code, 0, show(result));
        assert.equal(result.stderr, '', show(result));
        assert.deepEqual(triples(findings(result)), expected, `run ${run + 1}`);
      }
    });
  }
});

describe('cache and baseline: a path that is not a regular file', () => {
  const make = tempWorkspaces();
  const leftovers = (ws: string) => fs.readdirSync(ws).filter((f) => f.endsWith('.tmp'));

  it('a folder or a named pipe where the cache or the baseline should be is a clear error (exit 2), never a hang or a stray file', function () {
    this.timeout(60_000);
    const cases: Array<[string, string[], RegExp]> = [
      [CACHE, ['--cache'], /\.standpoint-cache is a folder, not a file Standpoint can read and write: remove it, or choose another place with --cache-location/],
      ['.standpoint-baseline.json', [], /\.standpoint-baseline\.json is a folder, .* with --baseline/],
    ];
    for (const [name, flags, message] of cases) {
      const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/a.yaml': record({ id: 'LP-2026-421' }) });
      fs.mkdirSync(path.join(ws, name));
      const run = standpoint(['check', '--today', TODAY, ...flags], { cwd: ws });
      assert.equal(run.code, 2, show(run));
      assert.match(run.stderr, message);
      assert.deepEqual(leftovers(ws), []);
    }
    const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/a.yaml': record({ id: 'LP-2026-422' }) });
    mustRun('mkfifo', [path.join(ws, CACHE)]);
    const run = standpoint(['check', '--today', TODAY, '--cache'], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /\.standpoint-cache is a named pipe/);
  });
});

function mustRun(command: string, args: string[]): void {
  const done = spawnSync(command, args);
  assert.equal(done.status, 0, `${command} ${args.join(' ')}: ${String(done.stderr)}`);
}
