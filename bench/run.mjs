// Side-by-side benchmark: Standpoint `check` against the parse-only floor (same parsers) and
// peer linters, alternating in one session. Writes bench/RESULTS.md.
// Usage: npm run bench [-- --sizes 1000,10000 --repeats 3 --base DIR]
//   --sizes: workspace sizes in records; from 100,000 up only Standpoint runs (cold and cached, once each).
//   --base DIR: another checkout of Standpoint (built), measured in the same alternating runs, for before/after rows.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATION, writeWorkspace } from './generate.mjs';
import { measure, median } from './measure.mjs';

const bench = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(bench, '..');
const work = path.join(bench, '.work');
const peers = path.join(bench, 'node_modules', '.bin');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '1000,10000').split(',').map(Number);
const REPEATS = Number(arg('repeats', '3'));
const BASE = arg('base') ? path.resolve(arg('base')) : undefined;
/** From this size up a run takes minutes: Standpoint only (cold, then cached), once each. */
const LARGE = 100000;
const node = process.execPath;
/** The parse-only floor with the libraries as published, or with the readers Standpoint uses. */
const floor = (list, readers = 'libraries') => [node, [path.join(bench, 'floor.mjs'), list, '--readers', readers]];
/** The rules about decisions' lifecycle (supersession, retired records, outcomes), switched off to see what they cost. */
const LIFECYCLE_OFF = ['supersession-consistent', 'approved-relies-on-retired', 'outcome-recorded'].flatMap((id) => ['--rule', `${id}:off`]);
const checkWith =
  (root) =>
  (...args) => [node, [path.join(root, 'bin', 'standpoint.js'), 'check', ...args, '--today', '2026-11-20', '--format', 'json', '-o', '/dev/null']];
const standpoint = checkWith(repo);
const base = BASE ? checkWith(BASE) : undefined;
const baseName = BASE ? `base ${baseCommit(BASE)}` : '';
const loads = [os.loadavg()];

function baseCommit(dir) {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  } catch {
    return path.basename(dir);
  }
}

function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(md|ya?ml)$/.test(e.name) && e.name !== '.standpoint.yaml')
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function prepare(n) {
  const root = path.join(work, String(n));
  const parts = n >= LARGE ? { all: {} } : { all: {}, yaml: { only: 'yaml' }, md: { only: 'markdown' } };
  const out = {};
  for (const [name, options] of Object.entries(parts)) {
    const dir = path.join(root, name);
    const config = path.join(dir, '.standpoint.yaml');
    if (!fs.existsSync(config) || !fs.readFileSync(config, 'utf8').startsWith(GENERATION)) {
      fs.rmSync(dir, { recursive: true, force: true });
      writeWorkspace(dir, n, options);
    }
    const files = listFiles(path.join(dir, 'decisions'));
    const list = path.join(root, `${name}.list`);
    fs.writeFileSync(list, `${files.join('\n')}\n`);
    out[name] = { dir, files, list, bytes: files.reduce((s, f) => s + fs.statSync(f).size, 0) };
  }
  return out;
}

/** Runs that exited with an error: reported under the tables instead of ending the benchmark. */
const failures = [];

/** Runs each case `repeats` times, alternating between cases, and keeps the median (a case that fails is dropped). */
function runCases(cases, repeats) {
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (let r = 0; r < repeats; r++) {
    const order = r % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      if (!samples.has(c.name)) continue;
      c.before?.();
      const m = measure(c.cmd[0], c.cmd[1], { cwd: c.cwd ?? repo });
      if (m.status !== 0 && m.status !== 1) {
        failures.push(`${c.name}, ${c.files} files: exit ${m.status}, ${m.stderr.trim().split('\n')[0]}`);
        samples.delete(c.name);
        continue;
      }
      if (samples.has(c.name)) samples.get(c.name).push(m);
      loads.push(os.loadavg());
    }
  }
  return cases
    .filter((c) => samples.has(c.name))
    .map((c) => {
      const runs = samples.get(c.name);
      return { ...c, ms: median(runs.map((m) => m.ms)), peakMB: Math.max(...runs.map((m) => m.peakMB)) };
    });
}

const rows = [];
const ratios = [];
const byName = {};
const record = (size, results) => {
  for (const r of results) {
    byName[`${r.name}@${size}`] = r;
    rows.push(`| ${size} | ${r.name} | ${r.files} | ${(r.ms / 1000).toFixed(2)} | ${Math.round(r.files / (r.ms / 1000))} | ${r.peakMB.toFixed(0)} |`);
  }
};
/** A ratio row: `a ÷ b`, with the target and whether it is met (`max`/`min`: the ratio must be at most/least that). */
const ratio = (label, a, b, target, bound) => {
  const x = byName[a]?.ms / byName[b]?.ms;
  if (Number.isFinite(x)) ratios.push(`| ${label} | ${x.toFixed(2)}× | ${target} | ${verdict(x, bound)} |`);
};
/** An absolute row: the median time of `a` in seconds (or its peak RSS), against a bound. */
const absolute = (label, a, target, bound, what = 'time') => {
  const r = byName[a];
  if (!r) return;
  const x = what === 'time' ? r.ms / 1000 : r.peakMB;
  ratios.push(`| ${label} | ${what === 'time' ? `${x.toFixed(2)} s` : `${x.toFixed(0)} MB`} | ${target} | ${verdict(x, bound)} |`);
};
const verdict = (x, bound) => (!bound ? '' : (bound.max !== undefined ? x <= bound.max : x >= bound.min) ? 'met' : 'missed');

const havePeers = fs.existsSync(path.join(peers, 'spectral'));
if (!havePeers) console.error('bench: peers not installed (npm ci --prefix bench); measuring Standpoint and the floor only');

for (const n of SIZES) {
  const w = prepare(n);
  const large = n >= LARGE;
  const repeats = large ? 1 : n >= 10000 ? Math.max(1, Math.min(REPEATS, 2)) : REPEATS;
  console.error(`bench: ${n} records (${(w.all.bytes / 1e6).toFixed(1)} MB), ${repeats} runs each`);
  const all = w.all.files.length;
  const cases = [{ name: 'standpoint check (all)', files: all, cmd: standpoint(w.all.dir) }];
  if (!large) {
    cases.unshift(
      { name: 'parse-only floor (all)', files: all, cmd: floor(w.all.list) },
      { name: "parse-only floor, Standpoint's readers (all)", files: all, cmd: floor(w.all.list, 'standpoint') },
    );
    if (base) cases.push({ name: `${baseName}: standpoint check (all)`, files: all, cmd: base(w.all.dir) });
    const yaml = w.yaml.files.length;
    const md = w.md.files.length;
    cases.push(
      { name: 'standpoint check --concurrency off (all)', files: all, cmd: standpoint(w.all.dir, '--concurrency', 'off') },
      {
        name: 'standpoint check --concurrency off, phrase rules off (all)',
        files: all,
        cmd: standpoint(w.all.dir, '--concurrency', 'off', ...['promise-hedged', 'no-finger-pointing', 'report-only-actions'].flatMap((r) => ['--rule', `${r}:off`])),
      },
      { name: 'standpoint check, lifecycle rules off (all)', files: all, cmd: standpoint(w.all.dir, ...LIFECYCLE_OFF) },
      { name: 'parse-only floor (YAML half)', files: yaml, cmd: floor(w.yaml.list) },
      { name: "parse-only floor, Standpoint's readers (YAML half)", files: yaml, cmd: floor(w.yaml.list, 'standpoint') },
      { name: 'standpoint check (YAML half)', files: yaml, cmd: standpoint(w.yaml.dir) },
      { name: 'parse-only floor, remark (Markdown half)', files: md, cmd: floor(w.md.list) },
      { name: "parse-only floor, Standpoint's readers: direct Markdown reader (Markdown half)", files: md, cmd: floor(w.md.list, 'standpoint') },
      { name: 'standpoint check (Markdown half)', files: md, cmd: standpoint(w.md.dir) },
      ...(base
        ? [
            { name: `${baseName}: standpoint check (YAML half)`, files: yaml, cmd: base(w.yaml.dir) },
            { name: `${baseName}: standpoint check (Markdown half)`, files: md, cmd: base(w.md.dir) },
          ]
        : []),
    );
    if (havePeers) {
      cases.push(
        {
          name: 'spectral lint, 13 rules (YAML half)',
          files: yaml,
          cmd: [
            path.join(peers, 'spectral'),
            [
              'lint',
              `${w.yaml.dir}/decisions/*.yaml`,
              '--ruleset',
              path.join(bench, 'spectral-ruleset.yaml'),
              '-f',
              'json',
              '-o',
              '/dev/null',
              '--quiet',
              '--fail-severity',
              'error',
            ],
          ],
        },
        { name: 'markdownlint-cli2 (Markdown half)', files: md, cmd: [path.join(peers, 'markdownlint-cli2'), [`${w.md.dir}/decisions/**/*.md`]] },
        {
          name: 'remark-cli + lint-recommended (Markdown half)',
          files: md,
          cmd: [
            path.join(peers, 'remark'),
            [path.join(w.md.dir, 'decisions'), '--use', 'remark-frontmatter', '--use', 'remark-preset-lint-recommended', '--quiet', '--no-stdout'],
          ],
          cwd: bench,
        },
      );
    }
  }
  record(n, runCases(cases, repeats));
  if (!large) {
    // The workspace stage on its own (in one process, over analyses made once), with and without the lifecycle rules.
    const stages = JSON.parse(measure(node, [path.join(bench, 'stages.mjs'), w.all.dir, '--repeats', String(Math.max(3, repeats))]).stdout);
    const check = byName[`standpoint check (all)@${n}`]?.ms;
    rows.push(
      `| ${n} | workspace stage in process (all rules) | ${stages.documents} | ${(stages.stageMs / 1000).toFixed(3)} | ${Math.round(stages.documents / (stages.stageMs / 1000))} | — |`,
    );
    rows.push(
      `| ${n} | workspace stage in process (lifecycle rules off) | ${stages.documents} | ${(stages.stageWithoutLifecycleMs / 1000).toFixed(3)} | ${Math.round(stages.documents / (stages.stageWithoutLifecycleMs / 1000))} | — |`,
    );
    const share = stages.stageMs / check;
    ratios.push(`| workspace stage ÷ check, ${n} records | ${(100 * share).toFixed(1)}% | ≤ 5% | ${verdict(share, { max: 0.05 })} |`);
    ratios.push(`| lifecycle rules' part of the workspace stage, ${n} | ${(stages.stageMs - stages.stageWithoutLifecycleMs).toFixed(1)} ms | | |`);
    ratios.push(
      `| lifecycle rules' part of check (check − check with them off), ${n} | ${(((check - byName[`standpoint check, lifecycle rules off (all)@${n}`]?.ms) / check) * 100).toFixed(1)}% | | |`,
    );
  }
  // Cached re-run with nothing changed: warm once, then measure.
  const cacheFile = path.join(work, String(n), 'standpoint-cache.json');
  const baseCache = path.join(work, String(n), 'base-cache.json');
  fs.rmSync(cacheFile, { force: true });
  fs.rmSync(baseCache, { force: true });
  measure(...standpoint(w.all.dir, '--cache', '--cache-location', cacheFile));
  if (base && !large) measure(...base(w.all.dir, '--cache', '--cache-location', baseCache));
  record(
    n,
    runCases(
      [
        { name: 'standpoint check --cache, nothing changed (all)', files: all, cmd: standpoint(w.all.dir, '--cache', '--cache-location', cacheFile) },
        ...(base && !large
          ? [{ name: `${baseName}: standpoint check --cache, nothing changed (all)`, files: all, cmd: base(w.all.dir, '--cache', '--cache-location', baseCache) }]
          : []),
      ],
      repeats,
    ),
  );
  const at = (name) => `${name}@${n}`;
  if (n === 10000) absolute('cold check of 10,000 records (both forms, every rule)', at('standpoint check (all)'), '≤ 5 s', { max: 5 });
  ratio(`check ÷ parse floor (libraries), ${n} records`, at('standpoint check (all)'), at('parse-only floor (all)'), '≤ 0.3×', { max: 0.3 });
  ratio(`check ÷ parse floor with Standpoint's readers, ${n} records`, at('standpoint check (all)'), at("parse-only floor, Standpoint's readers (all)"), '');
  // Both checkouts are measured against the same floor, so this is also how far check ÷ floor moved.
  if (base)
    ratio(`check ÷ ${baseName} check (= change of check ÷ floor), ${n} records`, at('standpoint check (all)'), at(`${baseName}: standpoint check (all)`), '≤ 1.10×', {
      max: 1.1,
    });
  if (!large) {
    ratio(
      `direct Markdown reader ÷ remark, parse-only floor, Markdown half, ${n}`,
      at("parse-only floor, Standpoint's readers: direct Markdown reader (Markdown half)"),
      at('parse-only floor, remark (Markdown half)'),
      '',
    );
    ratio(`check ÷ parse floor, YAML half, ${n}`, at('standpoint check (YAML half)'), at('parse-only floor (YAML half)'), '');
    ratio(
      `check ÷ parse floor with Standpoint's readers, YAML half, ${n}`,
      at('standpoint check (YAML half)'),
      at("parse-only floor, Standpoint's readers (YAML half)"),
      '',
    );
    ratios.push(
      `| phrase matching (promise-hedged, no-finger-pointing, report-only-actions) per record, one thread, ${n} records | ${((byName[at('standpoint check --concurrency off (all)')]?.ms - byName[at('standpoint check --concurrency off, phrase rules off (all)')]?.ms) / n).toFixed(3)} ms | | |`,
    );
    ratio(`check, one thread ÷ parse floor, ${n} records`, at('standpoint check --concurrency off (all)'), at('parse-only floor (all)'), '');
    ratio(`Spectral ÷ check, YAML half, ${n}`, at('spectral lint, 13 rules (YAML half)'), at('standpoint check (YAML half)'), '≥ 8×', { min: 8 });
    ratio(`markdownlint-cli2 ÷ check, Markdown half, ${n}`, at('markdownlint-cli2 (Markdown half)'), at('standpoint check (Markdown half)'), '≥ 6×', { min: 6 });
    ratio(`remark-lint ÷ check, Markdown half, ${n}`, at('remark-cli + lint-recommended (Markdown half)'), at('standpoint check (Markdown half)'), '');
    if (base) {
      ratio(`check ÷ ${baseName} check, YAML half, ${n}`, at('standpoint check (YAML half)'), at(`${baseName}: standpoint check (YAML half)`), '');
      ratio(`check ÷ ${baseName} check, Markdown half, ${n}`, at('standpoint check (Markdown half)'), at(`${baseName}: standpoint check (Markdown half)`), '');
    }
  }
  ratio(`cached re-run ÷ cold run, ${n}`, at('standpoint check --cache, nothing changed (all)'), at('standpoint check (all)'), '≤ 0.03', { max: 0.03 });
  if (large) absolute(`peak RSS, cold check of ${n} records`, at('standpoint check (all)'), '≤ 1024 MB', { max: 1024 }, 'rss');
}
for (let i = 1; i < SIZES.length; i++) {
  const [a, b] = [SIZES[i - 1], SIZES[i]];
  const bound = b / a === 10 ? { max: 10.5 } : undefined;
  ratio(`cost growth ${a} → ${b} records (×${b / a} records)`, `standpoint check (all)@${b}`, `standpoint check (all)@${a}`, `≤ ${(b / a) * 1.05}× (linear)`, bound);
}

// One changed file in the largest workspace of at most 10,000 records, in a git repository, with a warm cache.
{
  const n = Math.max(...SIZES.filter((s) => s < LARGE));
  const w = prepare(n);
  const git = path.join(work, String(n), 'git');
  if (!fs.existsSync(path.join(git, '.git'))) {
    fs.cpSync(w.all.dir, git, { recursive: true });
    const g = (...a) => execFileSync('git', a, { cwd: git, stdio: 'ignore' });
    g('init', '-q');
    g('add', '-A');
    g('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'records');
  }
  const target = listFiles(path.join(git, 'decisions'))[0];
  const original = fs.readFileSync(target, 'utf8');
  const cacheFile = path.join(git, '.standpoint-cache');
  // Run inside the repository: --changed-since asks the git of the working folder, and the cache lives there.
  measure(...standpoint(git, '--cache'), { cwd: git });
  let edits = 0;
  const edit = () => fs.writeFileSync(target, original.replace(/^title: (.*)$/m, `title: $1 (edit ${++edits})`));
  edit();
  // The first run after the edit stores its outcome; the runs measured here find it.
  measure(...standpoint(git, '--changed-since', 'HEAD', '--cache'), { cwd: git });
  const changed = '--changed-since HEAD --cache, one file changed';
  record(n, runCases([{ name: changed, files: 1, cmd: standpoint(git, '--changed-since', 'HEAD', '--cache'), cwd: git }], 3));
  // Each run here follows a new edit: the workspace stage runs again over the cached analyses.
  const first = '--changed-since HEAD --cache, first run after one file changed';
  record(n, runCases([{ name: first, files: 1, cmd: standpoint(git, '--changed-since', 'HEAD', '--cache'), cwd: git, before: edit }], 3));
  fs.writeFileSync(target, original);
  fs.rmSync(cacheFile, { force: true });
  absolute(`--changed-since with one file changed in ${n} records (warm cache)`, `${changed}@${n}`, '≤ 0.5 s', { max: 0.5 });
}

// Cold single-file check against Node's own start-up: a generated record in each form.
{
  const w = prepare(Math.min(...SIZES));
  const yamlFile = w.yaml.files[0];
  const mdFile = w.md.files[0];
  const oneList = path.join(work, 'one.list');
  fs.writeFileSync(oneList, `${mdFile}\n`);
  record(
    1,
    runCases(
      [
        { name: 'node -e 0', files: 1, cmd: [node, ['-e', '0']] },
        { name: 'parse-only floor (one Markdown file)', files: 1, cmd: floor(oneList, 'standpoint') },
        { name: 'standpoint check one YAML file, cold', files: 1, cmd: standpoint(yamlFile, '--no-config') },
        { name: 'standpoint check one Markdown file, cold', files: 1, cmd: standpoint(mdFile, '--no-config') },
        ...(base
          ? [
              { name: `${baseName}: standpoint check one YAML file, cold`, files: 1, cmd: base(yamlFile, '--no-config') },
              { name: `${baseName}: standpoint check one Markdown file, cold`, files: 1, cmd: base(mdFile, '--no-config') },
            ]
          : []),
      ],
      9,
    ),
  );
  ratio('cold single-file check ÷ node -e 0, YAML record', 'standpoint check one YAML file, cold@1', 'node -e 0@1', '≤ 2×', { max: 2 });
  ratio('cold single-file check ÷ node -e 0, Markdown record', 'standpoint check one Markdown file, cold@1', 'node -e 0@1', '≤ 2×', { max: 2 });
  if (base) {
    ratio(`${baseName}: cold single-file check ÷ node -e 0, YAML record`, `${baseName}: standpoint check one YAML file, cold@1`, 'node -e 0@1', '');
    ratio(`${baseName}: cold single-file check ÷ node -e 0, Markdown record`, `${baseName}: standpoint check one Markdown file, cold@1`, 'node -e 0@1', '');
  }
}

// The real-world corpus (third-party ADRs, KEPs, RFCs), every file named on the command line.
{
  const corpus = path.resolve(repo, '..', 'shared', 'corpus', 'realworld');
  if (fs.existsSync(corpus)) {
    const files = listFiles(corpus).filter((f) => path.dirname(f) !== corpus);
    const list = path.join(work, 'corpus.list');
    fs.writeFileSync(list, `${files.join('\n')}\n`);
    record(
      'corpus',
      runCases(
        [
          { name: 'parse-only floor (real-world corpus)', files: files.length, cmd: floor(list) },
          { name: "parse-only floor, Standpoint's readers (real-world corpus)", files: files.length, cmd: floor(list, 'standpoint') },
          { name: 'standpoint check (real-world corpus)', files: files.length, cmd: standpoint('--no-config', ...files) },
          ...(base ? [{ name: `${baseName}: standpoint check (real-world corpus)`, files: files.length, cmd: base('--no-config', ...files) }] : []),
        ],
        REPEATS,
      ),
    );
    ratio('check ÷ parse floor, real-world corpus', 'standpoint check (real-world corpus)@corpus', 'parse-only floor (real-world corpus)@corpus', '');
    if (base)
      ratio(
        `check ÷ ${baseName} check, real-world corpus`,
        'standpoint check (real-world corpus)@corpus',
        `${baseName}: standpoint check (real-world corpus)@corpus`,
        '',
      );
  }
}

const load = (i) => loads.map((l) => l[i]);
const text = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Median of ${REPEATS} alternating runs (fewer for 10,000 records, one from ${LARGE.toLocaleString('en')}, Standpoint alone); peak RSS is the largest of the runs.`,
  `Machine load during the run (1-minute load average, sampled after every run): median ${median(load(0)).toFixed(1)}, ` +
    `from ${Math.min(...load(0)).toFixed(1)} to ${Math.max(...load(0)).toFixed(1)} on ${os.cpus().length} cores.`,
  ...(BASE ? [`Rows named "${baseName}" run the checkout at ${BASE} (commit ${baseCommit(BASE)}) in the same alternating runs.`] : []),
  '',
  '| records | tool | files | median s | files/s | peak RSS MB |',
  '|---:|---|---:|---:|---:|---:|',
  ...rows,
  '',
  '| ratio | measured | target | |',
  '|---|---:|---|---|',
  ...ratios,
  '',
  ...(failures.length > 0 ? ['Runs that failed (left out of the tables above):', '', ...failures.map((f) => `- ${f}`), ''] : []),
  'Parse-only floor: every file read and parsed, nothing else — with the libraries as published (`yaml` parseDocument; unified + remark-parse + remark-frontmatter), ' +
    'and with the readers Standpoint uses (its direct reader for block-style YAML, parseDocument for other YAML; ' +
    'its direct Markdown reader for the body, remark-parse for the bodies it leaves).',
  'Cold single file: `standpoint check FILE --no-config` on one generated record, against `node -e 0`.',
  '',
].join('\n');
fs.writeFileSync(path.join(bench, 'RESULTS.md'), text);
console.log(text);
