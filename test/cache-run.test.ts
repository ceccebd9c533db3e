import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Project } from '../server/src/core/engine/project.js';
import type { Finding } from '../server/src/core/index.js';
import { AnalysisCache, type CacheStrategy } from '../server/src/node/cache.js';
import type { ScopeDigest } from '../server/src/node/changed-scope.js';
import { lintWorkspace } from '../server/src/node/lint-workspace.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { builtinPaths, packageVersion } from '../server/src/node/package-paths.js';
import { git, record, register, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';
import { segmentRule } from './helpers/team-rules.js';

const CACHE = '.standpoint-cache';
const LONG_AGO = new Date('2025-01-01T00:00:00Z');
const LATER = new Date('2025-06-01T00:00:00Z');

/** A record with extra lines after its status: supersession links. */
function linked(id: string, extra: string, options: { ref?: string } = {}): string {
  return record({ id, ...options }).replace(/^status: proposed\n/m, `status: proposed\n${extra}`);
}

/**
 * Records whose findings depend on each other: a promise reference into the register, an id
 * used twice, and a record naming a predecessor that does not name it back.
 */
const CONFIG = 'root: true\npromises: promises.yaml\nrule_dirs: [policy]\n';

const FILES: Record<string, string> = {
  '.standpoint.yaml': CONFIG,
  'policy/evidence-segment/rule.yaml': segmentRule('Evidence from {{source}} does not say which customer segment it comes from.'),
  'promises.yaml': register(['P-1', 'P-2']),
  'decisions/a.yaml': record({ id: 'LP-2026-601', ref: 'P-1' }),
  'decisions/b.yaml': record({ id: 'LP-2026-602' }),
  'decisions/c.yaml': record({ id: 'LP-2026-602', title: 'Tracking for gift orders' }),
  'decisions/d.yaml': linked('LP-2026-604', 'supersedes: [LP-2026-601]\n'),
};

/** Everything a run yields but its scope function, as JSON: what two runs must agree on exactly. */
function outcome(run: Awaited<ReturnType<typeof lintWorkspace>>): string {
  const { inScope: _inScope, ...rest } = run;
  return JSON.stringify(rest);
}

function records(ws: string): string[] {
  return fs
    .readdirSync(path.join(ws, 'decisions'))
    .sort()
    .map((f) => path.join(ws, 'decisions', f));
}

async function lint(ws: string, options: { cache?: CacheStrategy; today?: string } = {}): Promise<string> {
  const project = new Project(new NodeHost(), { ...builtinPaths(), today: options.today ?? TODAY, commandLineRules: {} });
  const cache = options.cache ? new AnalysisCache(path.join(ws, CACHE), packageVersion(), options.cache) : undefined;
  return outcome(await lintWorkspace(project, records(ws), { concurrency: 'off', cache }));
}

function age(ws: string, when: Date): void {
  for (const file of [...records(ws), path.join(ws, 'promises.yaml'), path.join(ws, '.standpoint.yaml')]) fs.utimesSync(file, when, when);
}

describe('cache: a re-run gives what a run without the cache gives', () => {
  const make = tempWorkspaces();
  const write = (ws: string, file: string, text: string) => {
    fs.writeFileSync(path.join(ws, file), text);
    fs.utimesSync(path.join(ws, file), LATER, LATER);
  };

  const changes: Array<[string, (ws: string) => void, { today?: string }?]> = [
    ['nothing changed', () => undefined],
    ['one record changed', (ws) => write(ws, 'decisions/b.yaml', record({ id: 'LP-2026-602', promise: 'We aim to ship orders the same day' }))],
    ['one record deleted (the other record using its id is clean again)', (ws) => fs.rmSync(path.join(ws, 'decisions/c.yaml'))],
    ['a record added (reusing an id)', (ws) => write(ws, 'decisions/e.yaml', record({ id: 'LP-2026-601' }))],
    ['the configuration changed', (ws) => write(ws, '.standpoint.yaml', `${CONFIG}rules:\n  duplicate-id: warning\n`)],
    ['a rule turned off in a configuration', (ws) => write(ws, '.standpoint.yaml', `${CONFIG}rules:\n  supersession-consistent: off\n`)],
    ['a team rule changed', (ws) => write(ws, 'policy/evidence-segment/rule.yaml', segmentRule('Say which customer segment the evidence from {{source}} comes from.'))],
    ['the promise register changed (a reference no longer resolves)', (ws) => write(ws, 'promises.yaml', register(['P-2']))],
    ['another day', () => undefined, { today: '2027-12-01' }],
    [
      'a record changed that settles another record’s finding (the predecessor names its successor)',
      (ws) => write(ws, 'decisions/a.yaml', linked('LP-2026-601', 'superseded_by: LP-2026-604\n', { ref: 'P-1' }).replace('status: proposed', 'status: superseded')),
    ],
    ['a record changed its id to one another record uses', (ws) => write(ws, 'decisions/a.yaml', record({ id: 'LP-2026-602', ref: 'P-1' }))],
  ];
  for (const strategy of ['metadata', 'content'] as const) {
    for (const [name, change, options] of changes) {
      it(`${strategy}: ${name}`, async () => {
        const ws = make(FILES);
        age(ws, LONG_AGO);
        const before = await lint(ws);
        assert.equal(await lint(ws, { cache: strategy }), before, 'cold');
        assert.equal(await lint(ws, { cache: strategy }), before, 'warm');
        change(ws);
        const after = await lint(ws, options);
        if (name !== 'nothing changed') assert.notEqual(after, before, 'the change changes the outcome');
        assert.equal(await lint(ws, { ...options, cache: strategy }), after, 'first run after the change');
        assert.equal(await lint(ws, { ...options, cache: strategy }), after, 'second run after the change');
      });
    }
  }

  it('the last run is reused only while every document, its setup and the registries are as they were', async () => {
    const ws = make(FILES);
    age(ws, LONG_AGO);
    await lint(ws, { cache: 'metadata' });
    const lastRun = (today = TODAY) => {
      const project = new Project(new NodeHost(), { ...builtinPaths(), today, commandLineRules: {} });
      return new AnalysisCache(path.join(ws, CACHE), packageVersion()).lastRun(project, records(ws));
    };
    const stored = lastRun();
    assert.ok(stored);
    assert.equal(stored.totals.filesChecked, 5, 'four records and the register');
    assert.equal(JSON.stringify({ ...stored.totals, findings: stored.findings() }), await lint(ws));
    assert.equal(lastRun('2027-12-01'), undefined, 'another day');
    fs.writeFileSync(path.join(ws, 'promises.yaml'), register(['P-1', 'P-2', 'P-3']));
    assert.equal(lastRun(), undefined, 'the register changed');
  });

  it('prints byte for byte what a run without the cache prints, in JSON and stylish, with --changed-since too', () => {
    const ws = make(FILES);
    age(ws, LONG_AGO);
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decisions');
    const check = (...args: string[]) => standpoint(['check', '--today', TODAY, ...args], { cwd: ws });
    const same = (label: string, ...args: string[]) => {
      const plain = check(...args);
      assert.equal(plain.code, 1, show(plain));
      assert.match(plain.stdout, /LP-2026-60/, 'findings are printed');
      for (let run = 1; run <= 2; run++) {
        const cached = check(...args, '--cache');
        assert.equal(cached.code, plain.code, `${label}, cached run ${run}`);
        assert.equal(cached.stdout, plain.stdout, `${label}, cached run ${run}`);
        assert.equal(cached.stderr, plain.stderr, `${label}, cached run ${run}`);
      }
    };
    for (const format of ['json', 'stylish']) same(`${format}, nothing changed`, '--format', format);
    // a takes the id b and c use: all three are reported, and so is d, whose predecessor is gone.
    write(ws, 'decisions/a.yaml', record({ id: 'LP-2026-602', ref: 'P-1' }));
    for (const format of ['json', 'stylish']) {
      same(`${format}, a record changed`, '--format', format);
      same(`${format}, --changed-since`, '--format', format, '--changed-since', 'HEAD');
    }
  });
});

describe('cache: --changed-since over the stored outcome decodes only what it reports', () => {
  const make = tempWorkspaces();
  const write = (ws: string, file: string, text: string) => fs.writeFileSync(path.join(ws, file), text);
  const committed = (files: Record<string, string>) => {
    const ws = make(files);
    age(ws, LONG_AGO);
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decisions');
    return ws;
  };
  const check = (ws: string, ...args: string[]) => standpoint(['check', '--today', TODAY, '--changed-since', 'HEAD', ...args], { cwd: ws });
  const warm = (ws: string) => assert.equal(standpoint(['check', '--today', TODAY, '--cache'], { cwd: ws }).code, 1, 'the last run is stored');
  /** The first and the second cached run after the change print what a run without the cache prints. */
  const same = (ws: string, label: string) => {
    for (const format of ['json', 'stylish']) {
      const plain = check(ws, '--format', format);
      assert.ok(plain.code === 0 || plain.code === 1, show(plain));
      for (let run = 1; run <= 2; run++) {
        const cached = check(ws, '--format', format, '--cache');
        const what = `${label}, ${format}, cached run ${run}`;
        assert.equal(cached.stdout, plain.stdout, what);
        assert.equal(cached.stderr, plain.stderr, what);
        assert.equal(cached.code, plain.code, what);
      }
    }
  };

  const changes: Array<[string, (ws: string) => void]> = [
    ['nothing changed', () => undefined],
    ['one record changed', (ws) => write(ws, 'decisions/b.yaml', record({ id: 'LP-2026-602', promise: 'We aim to ship orders the same day' }))],
    ['one record deleted (the record named as a predecessor)', (ws) => fs.rmSync(path.join(ws, 'decisions/a.yaml'))],
    ['a record added (reusing an id)', (ws) => write(ws, 'decisions/e.yaml', record({ id: 'LP-2026-601' }))],
    ['a record names another as its predecessor', (ws) => write(ws, 'decisions/b.yaml', linked('LP-2026-602', 'supersedes: [LP-2026-601]\n'))],
    ['a record takes an id another uses', (ws) => write(ws, 'decisions/a.yaml', record({ id: 'LP-2026-604', ref: 'P-1' }))],
    ['the promise register changed', (ws) => write(ws, 'promises.yaml', register(['P-2']))],
    ['the configuration changed', (ws) => write(ws, '.standpoint.yaml', `${CONFIG}rules:\n  duplicate-id: warning\n`)],
    ['a team rule changed', (ws) => write(ws, 'policy/evidence-segment/rule.yaml', segmentRule('Say which customer segment the evidence from {{source}} comes from.'))],
  ];
  for (const [name, change] of changes) {
    it(`${name}: prints what a run without the cache prints`, () => {
      const ws = committed(FILES);
      warm(ws);
      change(ws);
      same(ws, name);
    });
  }

  it('with a baseline, every finding is matched against it: stale entries of unchanged records are reported as without the cache', () => {
    const ws = committed(FILES);
    assert.equal(standpoint(['baseline', '--today', TODAY], { cwd: ws }).code, 0);
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'baseline');
    // c no longer reuses b's id: b's duplicate-id finding, in the baseline, is gone.
    write(ws, 'decisions/c.yaml', record({ id: 'LP-2026-603', title: 'Tracking for gift orders' }));
    const plain = check(ws, '--format', 'json');
    assert.equal(plain.code, 1, show(plain));
    assert.match(plain.stderr, /b\.yaml/, 'the stale entry of the unchanged record is reported');
    same(ws, 'baseline');
  });

  it('each stored outcome carries what the scope asks of its findings', async () => {
    const ws = make(FILES);
    age(ws, LONG_AGO);
    await lint(ws, { cache: 'metadata' });
    const project = new Project(new NodeHost(), { ...builtinPaths(), today: TODAY, commandLineRules: {} });
    const stored = new AnalysisCache(path.join(ws, CACHE), packageVersion()).lastRun(project, records(ws));
    assert.ok(stored);
    const digests: Record<string, ScopeDigest> = {};
    assert.deepEqual(
      stored.findings((file, scope) => {
        digests[path.relative(ws, file)] = scope;
        return false;
      }),
      [],
      'no document picked, no finding decoded',
    );
    const at = (file: string) => path.join(ws, file);
    assert.deepEqual(digests['decisions/b.yaml'].places.sort(), [at('decisions/b.yaml'), at('decisions/c.yaml')], 'b shares its id with c');
    assert.deepEqual(digests['decisions/c.yaml'].places.sort(), [at('decisions/b.yaml'), at('decisions/c.yaml')]);
    assert.equal(digests['decisions/d.yaml'].unresolved, false, 'its predecessor is there');
    assert.deepEqual(Object.keys(digests).sort(), ['decisions/a.yaml', 'decisions/b.yaml', 'decisions/c.yaml', 'decisions/d.yaml', 'promises.yaml']);
    const picked = stored.findings((file) => file === at('decisions/b.yaml'));
    assert.ok(picked && picked.length > 0 && picked.every((f) => f.file === at('decisions/b.yaml')));
    const all = (JSON.parse(await lint(ws)) as { findings: Finding[] }).findings;
    assert.deepEqual(
      JSON.parse(JSON.stringify(picked)),
      all.filter((f) => f.file === at('decisions/b.yaml')),
    );
  });
});

describe('cache: the stored outcome of the last run', () => {
  const make = tempWorkspaces();
  const check = (ws: string) => standpoint(['check', '--today', TODAY, '--format', 'json', '--cache'], { cwd: ws });
  /**
   * The same check, but for its report's key (another --max-warnings; the same output and exit
   * code): the report stored with the run is not replayed, so the stored findings are read.
   */
  const readingFindings = (ws: string) => standpoint(['check', '--today', TODAY, '--format', 'json', '--cache', '--max-warnings', '100000'], { cwd: ws });

  it('a cache file of the previous layout is rebuilt', () => {
    const ws = make(FILES);
    age(ws, LONG_AGO);
    const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    const file = path.join(ws, 'decisions/a.yaml');
    fs.writeFileSync(
      path.join(ws, CACHE),
      `standpoint-cache 3 ${packageVersion()}\n${JSON.stringify([file, 'setup', 'hash', 1, 1])}\t{"file":${JSON.stringify(file)}}\n`,
    );
    const run = check(ws);
    assert.equal(run.stdout, plain.stdout, show(run));
    assert.equal(run.stderr, plain.stderr);
    const text = fs.readFileSync(path.join(ws, CACHE), 'utf8');
    assert.ok(text.startsWith(`standpoint-cache 5 ${packageVersion()}\n`), text.slice(0, 80));
    assert.equal(text.split('\n').filter((l) => l.startsWith('=run\t')).length, 1);
  });

  const spoilers: Array<[string, (line: string) => string]> = [
    ['a document outcome of the wrong shape', (line) => `${line.slice(0, line.indexOf('\t'))}\t{"role":"record"}`],
    ['a document outcome that is not JSON', (line) => `${line.slice(0, line.indexOf('\t'))}\t{"role":`],
    ['a finding of an unknown severity', (line) => line.replace(/"(error|warning)"/, '"fatal"')],
    ['a finding pointing at a missing list of places', (line) => line.replace(/,(-1|\d+),0\]\]\}$/, ',7,0]]}')],
  ];
  for (const [what, spoil] of spoilers) {
    it(`${what} is not used: the run is made again, and later runs keep working`, () => {
      const ws = make(FILES);
      age(ws, LONG_AGO);
      const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
      assert.equal(check(ws).stdout, plain.stdout);
      const cacheFile = path.join(ws, CACHE);
      const lines = fs.readFileSync(cacheFile, 'utf8').split('\n');
      const i = lines.findIndex((l) => l.startsWith('=[') && l.includes('d.yaml'));
      assert.ok(i > 0, 'd.yaml has a stored outcome');
      const stored = lines[i];
      const spoilt = spoil(stored);
      assert.notEqual(spoilt, stored);
      lines[i] = spoilt;
      fs.writeFileSync(cacheFile, lines.join('\n'));
      for (let run = 1; run <= 2; run++) {
        const result = readingFindings(ws);
        assert.equal(result.stdout, plain.stdout, `run ${run}`);
        assert.equal(result.stderr, plain.stderr, `run ${run}`);
        const outcomes = fs
          .readFileSync(cacheFile, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('=[') && l.includes('d.yaml'));
        assert.equal(outcomes.at(-1), stored, `run ${run}: the outcome is stored again`);
      }
    });
  }

  it('more outcomes than are read one by one: read in the order they lie in the file, a damaged one among them not used', () => {
    // Findings within records and across them: records without a title, ids used twice, and records as they should be.
    const many: Record<string, string> = { '.standpoint.yaml': 'root: true\n' };
    for (let i = 0; i < 300; i++) {
      const id = `LP-${String(i % 290).padStart(3, '0')}`;
      many[`decisions/r${String(i).padStart(3, '0')}.yaml`] = i % 7 === 0 ? record({ id }).replace(/^title: .*\n/m, '') : record({ id });
    }
    const ws = make(many);
    for (const file of Object.keys(many)) fs.utimesSync(path.join(ws, file), LONG_AGO, LONG_AGO);
    const plain = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.ok((JSON.parse(plain.stdout) as unknown[]).length > 50, 'the workspace has findings to store');
    assert.equal(check(ws).stdout, plain.stdout);
    // Two records edited: their outcomes are appended after the others, so the file's order is not the run's.
    for (const name of ['r010', 'r200']) {
      const file = path.join(ws, `decisions/${name}.yaml`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^owner: .*$/m, 'owner: TBD'));
      fs.utimesSync(file, LATER, LATER);
    }
    const edited = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.notEqual(edited.stdout, plain.stdout);
    assert.equal(check(ws).stdout, edited.stdout);
    assert.equal(check(ws).stdout, edited.stdout, 'the stored outcome, reused');
    const cacheFile = path.join(ws, CACHE);
    const lines = fs.readFileSync(cacheFile, 'utf8').split('\n');
    assert.equal(new Set(lines.filter((l) => l.startsWith('=[')).map((l) => l.slice(0, l.indexOf('\t')))).size >= 300, true, 'every document has a stored outcome');
    const i = lines.findIndex((l) => l.startsWith('=[') && l.includes('r147.yaml'));
    assert.ok(i > 0 && /"(error|warning)"/.test(lines[i]), 'r147.yaml has stored findings');
    // The same length, so every other part stays where the index says it is.
    lines[i] = lines[i].replace(/"(error|warning)"/, (m) => (m === '"error"' ? '"fatal"' : '"waring"'));
    fs.writeFileSync(cacheFile, lines.join('\n'));
    const result = readingFindings(ws);
    assert.equal(result.stdout, edited.stdout, show(result));
    assert.equal(check(ws).stdout, edited.stdout, 'and after it is stored again');
    // A damaged analysis among the many read when the workspace stage runs again: that record is analysed again.
    const again = fs.readFileSync(cacheFile, 'utf8').split('\n');
    const j = again.map((l) => l.startsWith('["') && l.includes('r147.yaml')).lastIndexOf(true);
    assert.ok(j > 0 && again[j].includes('"severity":"error"'), 'r147.yaml has a stored analysis');
    again[j] = again[j].replace('"severity":"error"', '"severity":"fatal"');
    fs.writeFileSync(cacheFile, again.join('\n'));
    const other = path.join(ws, 'decisions/r020.yaml');
    fs.writeFileSync(other, fs.readFileSync(other, 'utf8').replace(/^owner: .*$/m, 'owner: TBC'));
    fs.utimesSync(other, LATER, LATER);
    const last = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    const rerun = check(ws);
    assert.equal(rerun.stdout, last.stdout, show(rerun));
    assert.equal(check(ws).stdout, last.stdout, 'and after it is stored again');
  });
});
