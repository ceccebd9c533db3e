// Precision and recall of the prose rules on a labelled set of records written the way
// product managers write them (bench/labelled): runs `standpoint check --format json` on
// bench/labelled/decisions and compares each finding of the rules under study with the
// expected rule and line listed for its record in bench/labelled/labels.json.
// Usage: node bench/precision-recall.mjs [--verbose]   (after npm run build)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(bench, '..');
const labelled = path.join(bench, 'labelled');
const labels = JSON.parse(fs.readFileSync(path.join(labelled, 'labels.json'), 'utf8'));
const verbose = process.argv.includes('--verbose');

let output;
try {
  output = execFileSync(process.execPath, [path.join(repo, 'bin', 'standpoint.js'), 'check', labelled, '--no-config', '--today', labels.today, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
} catch (err) {
  // Exit code 1 means findings; anything else is a failure to run.
  if (err.status !== 1) {
    process.stderr.write(err.stderr || String(err));
    process.exit(2);
  }
  output = err.stdout;
}
const report = JSON.parse(output);
const findings = (report.findings ?? report.results ?? report).filter((f) => labels.rules.includes(f.rule ?? f.ruleId));

// Each label is a rule and the line its finding starts on; a phrase broken across lines may be
// labelled with `lines`, any of which counts. A finding matches at most one label.
const findingsAt = new Map();
for (const f of findings) {
  const key = `${path.basename(f.file)}|${f.rule ?? f.ruleId}`;
  if (!findingsAt.has(key)) findingsAt.set(key, []);
  findingsAt.get(key).push(f);
}
const stats = new Map(labels.rules.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
const misses = [];
for (const [file, list] of Object.entries(labels.records)) {
  for (const label of list) {
    const lines = label.lines ?? [label.line];
    const candidates = findingsAt.get(`${file}|${label.rule}`) ?? [];
    const hit = candidates.findIndex((f) => lines.includes(f.line));
    if (hit >= 0) {
      candidates.splice(hit, 1);
      stats.get(label.rule).tp++;
    } else {
      stats.get(label.rule).fn++;
      misses.push(`missed          ${label.rule}  ${file}:${lines.join('/')}`);
    }
  }
}
for (const [key, rest] of findingsAt) {
  for (const f of rest) {
    stats.get(key.split('|')[1]).fp++;
    misses.push(`false positive  ${f.rule ?? f.ruleId}  ${path.basename(f.file)}:${f.line}  ${f.message}`);
  }
}

const ratio = (n, d) => (d === 0 ? 1 : n / d);
const row = (name, s) => `| ${name} | ${s.tp} | ${s.fp} | ${s.fn} | ${ratio(s.tp, s.tp + s.fp).toFixed(3)} | ${ratio(s.tp, s.tp + s.fn).toFixed(3)} |`;
const total = [...stats.values()].reduce((t, s) => ({ tp: t.tp + s.tp, fp: t.fp + s.fp, fn: t.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
const records = Object.keys(labels.records).length;
console.log(`${records} records, ${Object.values(labels.records).flat().length} labelled findings`);
console.log('');
console.log('| rule | true positives | false positives | missed | precision | recall |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [rule, s] of stats) console.log(row(rule, s));
console.log(row('overall', total));
if (verbose || misses.length > 0) {
  console.log('');
  for (const m of misses.sort()) console.log(m);
}
