// Side-by-side benchmark: Standpoint `check` against the parse-only floor (same parsers) and
// peer linters, alternating in one session. Writes bench/RESULTS.md.
// Usage: npm run bench [-- --sizes 1000,10000 --repeats 3]
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
const node = process.execPath;
/** The parse-only floor with the libraries as published, or with the readers Standpoint uses. */
const floor = (list, readers = 'libraries') => [node, [path.join(bench, 'floor.mjs'), list, '--readers', readers]];
/** The rules about decisions' lifecycle (supersession, retired records, outcomes), switched off to see what they cost. */
const LIFECYCLE_OFF = ['supersession-consistent', 'approved-relies-on-retired', 'outcome-recorded'].flatMap((id) => ['--rule', `${id}:off`]);
const standpoint = (...args) => [node, [path.join(repo, 'bin', 'standpoint.js'), 'check', ...args, '--today', '2026-11-20', '--format', 'json', '-o', '/dev/null']];

function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(md|ya?ml)$/.test(e.name) && e.name !== '.standpoint.yaml')
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function prepare(n) {
  const root = path.join(work, String(n));
  const parts = { all: {}, yaml: { only: 'yaml' }, md: { only: 'markdown' } };
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

/** Runs each case REPEATS times, alternating between cases, and keeps the median. */
function runCases(cases, repeats) {
  const samples = new Map(cases.map((c) => [c.name, []]));
  for (let r = 0; r < repeats; r++) {
    const order = r % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      c.before?.();
      const m = measure(c.cmd[0], c.cmd[1], { cwd: c.cwd ?? repo });
      if (m.status !== 0 && m.status !== 1) throw new Error(`${c.name} exited ${m.status}: ${m.stderr.slice(-2000)}`);
      samples.get(c.name).push(m);
    }
  }
  return cases.map((c) => {
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
const ratio = (label, a, b, target) => {
  const x = byName[a]?.ms / byName[b]?.ms;
  if (Number.isFinite(x)) ratios.push(`| ${label} | ${x.toFixed(2)}× | ${target} |`);
};

const havePeers = fs.existsSync(path.join(peers, 'spectral'));
if (!havePeers) console.error('bench: peers not installed (npm ci --prefix bench); measuring Standpoint and the floor only');

for (const n of SIZES) {
  const w = prepare(n);
  const repeats = n >= 10000 ? Math.max(1, Math.min(REPEATS, 2)) : REPEATS;
  console.error(`bench: ${n} records (${(w.all.bytes / 1e6).toFixed(1)} MB), ${repeats} runs each`);
  const cacheFile = path.join(work, String(n), 'standpoint-cache.json');
  const cases = [
    { name: 'parse-only floor (all)', files: w.all.files.length, cmd: floor(w.all.list) },
    { name: "parse-only floor, Standpoint's readers (all)", files: w.all.files.length, cmd: floor(w.all.list, 'standpoint') },
    { name: 'standpoint check (all)', files: w.all.files.length, cmd: standpoint(w.all.dir) },
    { name: 'standpoint check --concurrency off (all)', files: w.all.files.length, cmd: standpoint(w.all.dir, '--concurrency', 'off') },
    {
      name: 'standpoint check --concurrency off, phrase rules off (all)',
      files: w.all.files.length,
      cmd: standpoint(w.all.dir, '--concurrency', 'off', ...['promise-hedged', 'no-finger-pointing', 'report-only-actions'].flatMap((r) => ['--rule', `${r}:off`])),
    },
    { name: 'standpoint check, lifecycle rules off (all)', files: w.all.files.length, cmd: standpoint(w.all.dir, ...LIFECYCLE_OFF) },
    { name: 'parse-only floor (YAML half)', files: w.yaml.files.length, cmd: floor(w.yaml.list) },
    { name: "parse-only floor, Standpoint's readers (YAML half)", files: w.yaml.files.length, cmd: floor(w.yaml.list, 'standpoint') },
    { name: 'standpoint check (YAML half)', files: w.yaml.files.length, cmd: standpoint(w.yaml.dir) },
    { name: 'parse-only floor (Markdown half)', files: w.md.files.length, cmd: floor(w.md.list) },
    { name: 'standpoint check (Markdown half)', files: w.md.files.length, cmd: standpoint(w.md.dir) },
  ];
  if (havePeers) {
    cases.push(
      {
        name: 'spectral lint, 13 rules (YAML half)',
        files: w.yaml.files.length,
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
      { name: 'markdownlint-cli2 (Markdown half)', files: w.md.files.length, cmd: [path.join(peers, 'markdownlint-cli2'), [`${w.md.dir}/decisions/**/*.md`]] },
      {
        name: 'remark-cli + lint-recommended (Markdown half)',
        files: w.md.files.length,
        cmd: [
          path.join(peers, 'remark'),
          [path.join(w.md.dir, 'decisions'), '--use', 'remark-frontmatter', '--use', 'remark-preset-lint-recommended', '--quiet', '--no-stdout'],
        ],
        cwd: bench,
      },
    );
  }
  record(n, runCases(cases, repeats));
  // The workspace stage on its own (in one process, over analyses made once), with and without the lifecycle rules.
  const stages = JSON.parse(measure(node, [path.join(bench, 'stages.mjs'), w.all.dir, '--repeats', String(Math.max(3, repeats))]).stdout);
  const check = byName[`standpoint check (all)@${n}`].ms;
  rows.push(
    `| ${n} | workspace stage in process (all rules) | ${stages.documents} | ${(stages.stageMs / 1000).toFixed(3)} | ${Math.round(stages.documents / (stages.stageMs / 1000))} | — |`,
  );
  rows.push(
    `| ${n} | workspace stage in process (lifecycle rules off) | ${stages.documents} | ${(stages.stageWithoutLifecycleMs / 1000).toFixed(3)} | ${Math.round(stages.documents / (stages.stageWithoutLifecycleMs / 1000))} | — |`,
  );
  ratios.push(`| workspace stage ÷ check, ${n} records | ${((100 * stages.stageMs) / check).toFixed(1)}% | ≤ 5% |`);
  ratios.push(`| lifecycle rules' part of the workspace stage, ${n} | ${(stages.stageMs - stages.stageWithoutLifecycleMs).toFixed(1)} ms | |`);
  ratios.push(
    `| lifecycle rules' part of check (check − check with them off), ${n} | ${(((check - byName[`standpoint check, lifecycle rules off (all)@${n}`].ms) / check) * 100).toFixed(1)}% | |`,
  );
  // Cached re-run with nothing changed: warm once, then measure.
  fs.rmSync(cacheFile, { force: true });
  measure(...standpoint(w.all.dir, '--cache', '--cache-location', cacheFile));
  record(
    n,
    runCases(
      [{ name: 'standpoint check --cache, nothing changed (all)', files: w.all.files.length, cmd: standpoint(w.all.dir, '--cache', '--cache-location', cacheFile) }],
      repeats,
    ),
  );
  ratio(`check ÷ parse floor, ${n} records`, `standpoint check (all)@${n}`, `parse-only floor (all)@${n}`, '≤ 1.3×');
  ratio(`check ÷ parse floor with Standpoint's readers, ${n} records`, `standpoint check (all)@${n}`, `parse-only floor, Standpoint's readers (all)@${n}`, '');
  ratio(`check ÷ parse floor, YAML half, ${n}`, `standpoint check (YAML half)@${n}`, `parse-only floor (YAML half)@${n}`, '');
  ratio(
    `check ÷ parse floor with Standpoint's readers, YAML half, ${n}`,
    `standpoint check (YAML half)@${n}`,
    `parse-only floor, Standpoint's readers (YAML half)@${n}`,
    '',
  );
  ratios.push(
    `| phrase matching (promise-hedged, no-finger-pointing, report-only-actions) per record, one thread, ${n} records | ${((byName[`standpoint check --concurrency off (all)@${n}`].ms - byName[`standpoint check --concurrency off, phrase rules off (all)@${n}`].ms) / n).toFixed(3)} ms | |`,
  );
  ratio(`check, one thread ÷ parse floor, ${n} records`, `standpoint check --concurrency off (all)@${n}`, `parse-only floor (all)@${n}`, '');
  ratio(`Spectral ÷ check, YAML half, ${n}`, `spectral lint, 13 rules (YAML half)@${n}`, `standpoint check (YAML half)@${n}`, '≥ 4×');
  ratio(`markdownlint-cli2 ÷ check, Markdown half, ${n}`, `markdownlint-cli2 (Markdown half)@${n}`, `standpoint check (Markdown half)@${n}`, '> 1×');
  ratio(`remark-lint ÷ check, Markdown half, ${n}`, `remark-cli + lint-recommended (Markdown half)@${n}`, `standpoint check (Markdown half)@${n}`, '');
  ratio(`cached re-run ÷ cold run, ${n}`, `standpoint check --cache, nothing changed (all)@${n}`, `standpoint check (all)@${n}`, '≤ 0.10');
}
if (SIZES.length > 1) {
  const [a, b] = [SIZES[0], SIZES[SIZES.length - 1]];
  ratio(`cost growth ${a} → ${b} records (×${b / a} records)`, `standpoint check (all)@${b}`, `standpoint check (all)@${a}`, `≈ ${b / a}× (linear)`);
}

// One changed file in the largest workspace, in a git repository, with a warm cache.
{
  const n = SIZES[SIZES.length - 1];
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
  fs.writeFileSync(target, original.replace(/^title: (.*)$/m, 'title: $1 (edited)'));
  record(n, runCases([{ name: '--changed-since HEAD --cache, one file changed', files: 1, cmd: standpoint(git, '--changed-since', 'HEAD', '--cache'), cwd: git }], 1));
  fs.writeFileSync(target, original);
  fs.rmSync(cacheFile, { force: true });
}

// Cold single-file check against Node's own start-up plus that file's parse.
{
  const w = prepare(SIZES[0]);
  const one = w.yaml.files[0];
  const oneList = path.join(work, 'one.list');
  fs.writeFileSync(oneList, `${one}\n`);
  record(
    1,
    runCases(
      [
        { name: 'node -e 0', files: 1, cmd: [node, ['-e', '0']] },
        { name: 'parse-only floor (one file)', files: 1, cmd: floor(oneList) },
        { name: 'standpoint check one file, cold', files: 1, cmd: standpoint(one, '--no-config') },
      ],
      5,
    ),
  );
  ratio('cold single-file check ÷ (2 × node -e 0 + parse)', 'standpoint check one file, cold@1', 'parse-only floor (one file)@1', '≤ 1 (see note)');
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
          { name: 'standpoint check (real-world corpus)', files: files.length, cmd: standpoint('--no-config', ...files) },
        ],
        REPEATS,
      ),
    );
    ratio('check ÷ parse floor, real-world corpus', 'standpoint check (real-world corpus)@corpus', 'parse-only floor (real-world corpus)@corpus', '');
  }
}

const text = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Median of ${REPEATS} alternating runs (fewer for 10,000 records); peak RSS is the largest of the runs.`,
  '',
  '| records | tool | files | median s | files/s | peak RSS MB |',
  '|---:|---|---:|---:|---:|---:|',
  ...rows,
  '',
  '| ratio | measured | target |',
  '|---|---:|---|',
  ...ratios,
  '',
  'Parse-only floor: every file read and parsed, nothing else — with the libraries as published (`yaml` parseDocument; unified + remark-parse + remark-frontmatter), ' +
    'and with the readers Standpoint uses (its direct reader for block-style YAML, parseDocument for other YAML; remark-parse for the Markdown body).',
  'Cold single file: the target is `check ≤ 2 × (node -e 0) + parse`; compare the three rows above.',
  '',
].join('\n');
fs.writeFileSync(path.join(bench, 'RESULTS.md'), text);
console.log(text);
