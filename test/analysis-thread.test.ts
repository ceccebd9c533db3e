import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_ANALYSIS_LIMITS } from '../server/src/node/analysis-limits.js';
import { analysisThread, FORCE_WORKER_VARIABLE, IN_PROCESS_MAX_BYTES } from '../server/src/node/analysis-thread.js';
import { findings, record, show, standpoint, tempWorkspaces, TODAY, type RunResult } from './helpers/cli.js';

/**
 * Small inputs are analysed on the command's own thread (starting a worker thread costs more
 * than checking them); large ones, and any run whose limits are lowered, on worker threads that
 * can be stopped. Either way the report is the same.
 */
describe('analysis thread: small inputs on the calling thread, the rest on workers', function () {
  this.timeout(120_000);
  const make = tempWorkspaces();

  describe('the choice', () => {
    const sizes = (bytes: Record<string, number>) => (file: string) => bytes[file] ?? 0;

    it('keeps inputs up to the byte budget here, and sends a larger total to workers', () => {
      const half = IN_PROCESS_MAX_BYTES / 2;
      assert.equal(analysisThread(['a', 'b'], DEFAULT_ANALYSIS_LIMITS, {}, sizes({ a: half, b: half })), 'here');
      assert.equal(analysisThread(['a', 'b'], DEFAULT_ANALYSIS_LIMITS, {}, sizes({ a: half, b: half + 1 })), 'worker');
      assert.equal(analysisThread(['big'], DEFAULT_ANALYSIS_LIMITS, {}, sizes({ big: 5_000_000 })), 'worker');
    });

    it('sends everything to workers when a limit is below its default, or when asked to', () => {
      const small = sizes({ a: 100 });
      assert.equal(analysisThread(['a'], { ...DEFAULT_ANALYSIS_LIMITS, documentMs: 30_000 }, {}, small), 'here');
      assert.equal(analysisThread(['a'], { ...DEFAULT_ANALYSIS_LIMITS, documentMs: 9_999 }, {}, small), 'worker');
      assert.equal(analysisThread(['a'], { ...DEFAULT_ANALYSIS_LIMITS, memoryMb: 512 }, {}, small), 'worker');
      assert.equal(analysisThread(['a'], DEFAULT_ANALYSIS_LIMITS, { [FORCE_WORKER_VARIABLE]: 'always' }, small), 'worker');
      assert.equal(analysisThread(['a'], DEFAULT_ANALYSIS_LIMITS, { [FORCE_WORKER_VARIABLE]: 'sometimes' }, small), 'here');
    });

    it('counts a file it cannot read as empty (reading it reports it)', () => {
      assert.equal(analysisThread([path.join(os.tmpdir(), 'standpoint-no-such-file.yaml')], DEFAULT_ANALYSIS_LIMITS), 'here');
    });
  });

  /**
   * Runs `check` with a preload that notes every thread the process starts, so a run shows
   * whether its analyses ran on a worker thread.
   */
  function checkNotingThreads(ws: string, env: Record<string, string> = {}): RunResult & { threads: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-threads-'));
    try {
      const preload = path.join(dir, 'preload.cjs');
      const log = path.join(dir, 'threads.txt');
      fs.writeFileSync(preload, `require('node:fs').appendFileSync(${JSON.stringify(log)}, (require('node:worker_threads').isMainThread ? 'main' : 'worker') + '\\n');`);
      fs.writeFileSync(log, '');
      const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws, env: { ...env, NODE_OPTIONS: `--require ${preload}` } });
      return { ...out, threads: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('reports a small workspace the same on this thread as on a worker, YAML and Markdown records alike', () => {
    const ws = make({
      'decisions/a.yaml': record({ id: 'LP-2026-001', promise: 'We aim to ship the same day' }).replace('owner: Dana Reyes', 'owner: everyone'),
      'decisions/b.md': `---\n${record({ id: 'LP-2026-002' })}---\n\n# Notes\n\nLate parcels are not our problem.\n`,
      'decisions/c.yaml': record({ id: 'LP-2026-003', extra: 'titel: typo\n' }),
    });
    const here = checkNotingThreads(ws);
    const worker = checkNotingThreads(ws, { [FORCE_WORKER_VARIABLE]: 'always' });
    assert.deepEqual(here.threads, ['main']);
    assert.deepEqual(worker.threads, ['main', 'worker']);
    assert.equal(here.code, 1, show(here));
    assert.equal(worker.code, here.code, show(worker));
    assert.equal(worker.stdout, here.stdout);
    const rules = new Set(findings(here).map((f) => `${f.file} ${f.rule}`));
    for (const expected of [
      'decisions/a.yaml no-diffused-ownership',
      'decisions/a.yaml promise-hedged',
      'decisions/b.md no-finger-pointing',
      'decisions/c.yaml record-schema',
    ])
      assert.ok(rules.has(expected), `${expected} not in\n${[...rules].join('\n')}`);
  });

  it('analyses a workspace over the byte budget on a worker', () => {
    const big = `---\n${record({ id: 'LP-2026-010' })}---\n\n# Notes\n\n${'Customers asked for tracking on every order. '.repeat(IN_PROCESS_MAX_BYTES / 40)}\n`;
    const ws = make({ 'decisions/big.md': big });
    const out = checkNotingThreads(ws);
    assert.deepEqual(out.threads, ['main', 'worker']);
    assert.ok(out.code === 0 || out.code === 1, show(out));
  });

  it('still stops a small document that overruns a lowered time limit, which the default limit lets finish', () => {
    // 200 KB of sections with links and emphasis: about a second with the reference Markdown parser.
    const parts = ['---\ndecision: launch-plan\nid: LP-2026-020\ntitle: Long\nowner: Dana Reyes\n---\n# Long\n\n'];
    for (let i = 0, size = 0; size < 200_000; i++) {
      const section = `## Section ${i}\n\n${'Some *emphasis* and a [link](http://example.com) with text that goes on for a while. '.repeat(5)}\n\n`;
      parts.push(section);
      size += section.length;
    }
    const ws = make({ 'decisions/slow.md': parts.join('') });
    const slow = { STANDPOINT_MARKDOWN: 'remark' };
    const limited = checkNotingThreads(ws, { ...slow, STANDPOINT_DOCUMENT_TIME_LIMIT_MS: '50' });
    assert.deepEqual(limited.threads.slice(0, 2), ['main', 'worker']);
    assert.equal(limited.code, 1, show(limited));
    assert.deepEqual(
      findings(limited).map((f) => `${f.file} ${f.rule}@${f.line}:${f.column} ${f.message}`),
      [
        'decisions/slow.md internal-error@1:1 This document was not checked: its analysis ran over the time limit of 50 ms per document and was stopped; no rule reports on it',
      ],
    );
    const unlimited = checkNotingThreads(ws, slow);
    assert.deepEqual(unlimited.threads, ['main']);
    assert.ok(
      findings(unlimited).every((f) => f.rule !== 'internal-error'),
      show(unlimited),
    );
  });
});
