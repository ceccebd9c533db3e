// The workspace stage measured on its own, in this process: what `check` spends, once every
// document is analysed, on cross-record checks (unique ids, references between records) and
// waivers — with every rule, and with the lifecycle rules switched off.
// Usage: node bench/stages.mjs WORKSPACE_DIR [--repeats 5]   (after npm run build)
// Prints JSON: {documents, analyseMs, stageMs, stageWithoutLifecycleMs}.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { LintSession, addFiles, discoverRecords, textHash } = await import(path.join(repo, 'out/server/src/core/index.js'));
const { openNodeProject } = await import(path.join(repo, 'out/server/src/node/open-project.js'));
const { median } = await import('./measure.mjs');

const dir = path.resolve(process.argv[2]);
const i = process.argv.indexOf('--repeats');
const repeats = i > 0 ? Number(process.argv[i + 1]) : 5;
const LIFECYCLE = ['supersession-consistent', 'approved-relies-on-retired', 'outcome-recorded'];

/** Analyses every document once with these rule settings; returns a timer of the workspace stage over those analyses. */
function prepare(rules) {
  const project = openNodeProject({ cwd: dir, today: '2026-11-20', rules });
  const files = discoverRecords(project, [dir], dir);
  const first = new LintSession(project);
  const started = performance.now();
  addFiles(first, project, files);
  const analyseMs = performance.now() - started;
  const analyses = files.map((f) => first.analysis(f)).filter(Boolean);
  const stage = () => {
    const session = new LintSession(project);
    for (const a of analyses) session.addAnalysis(a, textHash(a.file));
    const t = performance.now();
    session.results();
    return performance.now() - t;
  };
  return { documents: analyses.length, analyseMs, stage };
}

const all = prepare({});
const without = prepare(Object.fromEntries(LIFECYCLE.map((id) => [id, 'off'])));
// Alternating, after one warm-up each, so neither setting profits from running second.
all.stage();
without.stage();
const samples = { all: [], without: [] };
for (let r = 0; r < repeats; r++) {
  samples.all.push(all.stage());
  samples.without.push(without.stage());
}
process.stdout.write(
  `${JSON.stringify({ documents: all.documents, analyseMs: all.analyseMs, stageMs: median(samples.all), stageWithoutLifecycleMs: median(samples.without) })}\n`,
);
