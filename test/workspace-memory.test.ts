import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { addFiles, discoverRecords, LintSession, resultOf, type DocumentAnalysis } from '../server/src/core/index.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { startWorkers, type AnalysedItem } from '../server/src/node/parallel.js';
import { packFindings, PackedBatch } from '../server/src/node/packed-findings.js';
import { analysisLimits, DEFAULT_ANALYSIS_LIMITS } from '../server/src/node/analysis-limits.js';
import { SAMPLES_DIR } from './helpers/paths.js';
import { closeGrowthFor, collectGarbage } from '../server/src/cli/heap-growth.js';
import { lintWorkspace } from '../server/src/node/lint-workspace.js';

const TODAY = '2026-11-20';

function samples() {
  const project = openNodeProject({ cwd: SAMPLES_DIR, today: TODAY });
  return { project, files: discoverRecords(project, [SAMPLES_DIR], SAMPLES_DIR) };
}

/** Whether a text has a character that takes two bytes in V8's strings. */
function beyondOneByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

/**
 * What a run holds on to. A command-line run over a hundred thousand records holds every
 * analysis, then every finding: what it no longer needs must be free to go.
 */
describe('memory of a workspace run', () => {
  it('a one-time session reports what a long-lived one reports, and lets each document’s analysis go once finished', () => {
    const { project, files } = samples();
    const kept = new LintSession(project);
    const once = new LintSession(project, { once: true });
    addFiles(kept, project, files);
    addFiles(once, project, files);
    const withFindings = files.filter((f) => (once.analysis(f)?.findings.length ?? 0) > 0);
    assert.ok(withFindings.length >= 5, `only ${withFindings.length} samples have findings`);
    const withValues = files.filter((f) => (once.analysis(f)?.occurrences.length ?? 0) > 0 && (once.analysis(f)?.targets.length ?? 0) > 0);
    assert.ok(withValues.length >= 5, `only ${withValues.length} samples have values for cross-record checks`);
    assert.deepEqual(resultOf(once, []), resultOf(kept, []));
    for (const f of withFindings) {
      assert.equal(once.analysis(f)?.findings.length, 0, path.basename(f));
      assert.ok((kept.analysis(f)?.findings.length ?? 0) > 0, path.basename(f));
    }
    // What the workspace stage read is let go too, once every document's findings are made.
    for (const f of withValues) {
      const { occurrences, targets, references, lineStarts } = once.analysis(f)!;
      assert.deepEqual([occurrences.length, targets.length, references.length, lineStarts.length], [0, 0, 0, 0], path.basename(f));
      assert.ok((kept.analysis(f)?.occurrences.length ?? 0) > 0, path.basename(f));
    }
    // Kept compactly: line starts as 32-bit integers, whichever way the analysis came.
    for (const f of files) assert.ok(kept.analysis(f)?.lineStarts instanceof Int32Array, path.basename(f));
    // Its own findings are gone: a second workspace stage would be wrong, so it is refused.
    assert.throws(() => once.results(), /asked for twice/);
    assert.doesNotThrow(() => kept.results());
  });

  it('analyses from worker threads take no more memory than the same plain data: one byte a character where it fits, no lists with holes', async function () {
    this.timeout(60_000);
    const { project, files } = samples();
    const items: AnalysedItem[] = [];
    const run = startWorkers({ options: project.options }, files, 2, { limits: analysisLimits({}), onItems: (batch) => items.push(...batch) });
    await run.done;
    assert.equal(items.length, files.length);
    let wide = 0;
    for (const { analysis } of items) {
      // V8 writes (and reads back) a string as stored: two bytes a character once sliced from a text with a curly quote in it.
      // A list with holes is written element by element, with its indexes, and read back with room to grow.
      // The plain copy can only be longer (what the analysis shares, it repeats).
      const plain = JSON.parse(JSON.stringify(analysis)) as DocumentAnalysis;
      const [held, copy] = [v8.serialize(analysis).length, v8.serialize(plain).length];
      assert.ok(held <= copy, `${path.basename(analysis.file)}: ${held} bytes, as plain data ${copy}`);
      if (beyondOneByte(fs.readFileSync(analysis.file, 'utf8'))) wide++;
    }
    // Some samples are texts stored two bytes a character (a euro sign is enough).
    assert.ok(wide >= 2, `only ${wide} samples with a character beyond one byte`);
  });

  it('a one-time run’s threads send findings packed: each analysis’s are given once, as the thread made them', async function () {
    this.timeout(60_000);
    const { project, files } = samples();
    const runOn = async (packFindings: boolean) => {
      const items: AnalysedItem[] = [];
      await startWorkers({ options: project.options, packFindings }, files, 2, { limits: analysisLimits({}), onItems: (batch) => items.push(...batch) }).done;
      return new Map(items.map((item) => [item.analysis.file, item]));
    };
    const [plain, packed] = [await runOn(false), await runOn(true)];
    assert.equal(packed.size, files.length);
    let withFindings = 0;
    for (const [file, item] of packed) {
      const reference = plain.get(file)!;
      assert.equal(reference.packedFindings, undefined, path.basename(file));
      assert.deepEqual(item.analysis.findings, [], path.basename(file));
      const findings = item.packedFindings!();
      assert.deepEqual(findings, reference.analysis.findings, path.basename(file));
      assert.deepEqual({ ...item.analysis, findings }, reference.analysis, path.basename(file));
      assert.throws(() => item.packedFindings!(), /asked for/, path.basename(file));
      if (findings.length > 0) withFindings++;
    }
    assert.ok(withFindings >= 5, `only ${withFindings} samples with findings`);
  });

  it('a one-time session finishes a document whose findings are given later as one whose findings came with it', () => {
    const { project, files } = samples();
    const kept = new LintSession(project);
    addFiles(kept, project, files);
    const later = new LintSession(project, { once: true });
    for (const file of files) {
      const analysis = structuredClone(kept.analysis(file)!);
      const findings = analysis.findings;
      analysis.findings = [];
      later.addAnalysis(analysis, 'hash', () => findings);
    }
    assert.deepEqual(resultOf(later, []), resultOf(kept, []));
    assert.throws(() => new LintSession(project).addAnalysis(structuredClone(kept.analysis(files[0])!), 'hash', () => []), /only a one-time lint session/);
  });

  it('a run whose findings stay packed reports what one whose findings are sent as they are reports', async function () {
    this.timeout(60_000);
    const { project, files } = samples();
    const limits = { ...DEFAULT_ANALYSIS_LIMITS, documentMs: DEFAULT_ANALYSIS_LIMITS.documentMs - 1 };
    const packed = await lintWorkspace(project, files, { limits, concurrency: 2, packFrom: 1 });
    const plain = await lintWorkspace(project, files, { limits, concurrency: 2, packFrom: files.length + 1 });
    assert.ok(plain.findings.length >= 5 && plain.activeWaivers >= 1, `${plain.findings.length} findings, ${plain.activeWaivers} waivers`);
    assert.deepEqual(packed.findings, plain.findings);
    assert.deepEqual([packed.waived, packed.activeWaivers], [plain.waived, plain.activeWaivers]);
  });

  it('a packed batch gives each document’s findings once, in any order, and lets the batch go after the last', () => {
    const finding = (n: number) => ({ rule: 'r', severity: 'warning' as const, message: `m${n} ‘€’`, span: { start: n, end: n + 1 }, path: ['a', n] });
    const lists = [[finding(0), finding(1)], [], [finding(2)]];
    const batch = new PackedBatch(packFindings(lists), lists.length);
    assert.deepEqual(batch.take(2), lists[2]);
    assert.deepEqual(batch.take(0), lists[0]);
    assert.throws(() => batch.take(0), /document 0 .* asked for twice/);
    assert.deepEqual(batch.take(1), []);
    assert.throws(() => batch.take(1), /after they were all handed out/);
  });

  it('analyses handed over by worker threads are not kept alive by the threads once the run is done', async function () {
    this.timeout(60_000);
    const { project, files } = samples();
    // Batch by batch: a weak reference keeps its target until the task that made it is over, so the last batch's stay.
    const batches: Array<Array<WeakRef<DocumentAnalysis>>> = [];
    // The run, its result and its threads are out of reach once this returns, as they are for a command.
    const analysed = async () => {
      const run = startWorkers({ options: project.options }, files, 2, {
        limits: analysisLimits({}),
        onItems: (items) => batches.push(items.map((item) => new WeakRef(item.analysis))),
      });
      await run.done;
      return batches.flat().length;
    };
    assert.equal(await analysed(), files.length);
    assert.ok(batches.length > 2, `${batches.length} batches`);
    // The threads are still ending now; what they handed over must already be free.
    collectGarbage();
    const alive = batches
      .slice(0, -1)
      .flat()
      .filter((r) => r.deref() !== undefined);
    assert.equal(alive.length, 0, 'analyses still reachable once the run is over');
  });

  it('a large run holds its heap close once every record is analysed; a small one is left as it is', async function () {
    this.timeout(60_000);
    assert.equal(closeGrowthFor(255 * 1024 * 1024), undefined);
    assert.equal(closeGrowthFor(256 * 1024 * 1024), 25);
    assert.equal(closeGrowthFor(2 * 1024 * 1024 * 1024), 25);
    // The moment it is asked: every document analysed, the workspace stage not begun; on threads
    // (limits below the defaults keep them) and on this thread.
    const { project, files } = samples();
    for (const limits of [{ ...DEFAULT_ANALYSIS_LIMITS, documentMs: DEFAULT_ANALYSIS_LIMITS.documentMs - 1 }, DEFAULT_ANALYSIS_LIMITS]) {
      let analysed = 0;
      const seen: number[] = [];
      const run = await lintWorkspace(project, files, {
        limits,
        onProgress: (done) => (analysed = done),
        onAnalysed: () => seen.push(analysed),
      });
      assert.equal(seen.length, 1);
      if (limits !== DEFAULT_ANALYSIS_LIMITS) assert.equal(seen[0], files.length);
      assert.ok(run.findings.length > 0);
    }
  });
});
