import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analysisLimits, DEFAULT_ANALYSIS_LIMITS } from '../server/src/node/analysis-limits.js';
import { findings, hasStackTrace, record, show, standpoint, tempWorkspaces, TODAY, type JsonFinding } from './helpers/cli.js';
import { LspClient, uri } from './helpers/lsp-client.js';

/**
 * A Markdown record the parser needs a few seconds and a couple of hundred megabytes for:
 * thousands of sections of prose with links and emphasis (its parse grows faster than its text).
 */
function slowMarkdown(id: string, bytes = 1_500_000): string {
  const parts = [`---\ndecision: launch-plan\nid: ${id}\ntitle: Long\nowner: Dana Reyes\n---\n# Long\n\n`];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const section = `## Section ${i}\n\n${'Some *emphasis* and a [link](http://example.com) with text that goes on for a while. '.repeat(5)}\n\n`;
    parts.push(section);
    size += section.length;
  }
  return parts.join('');
}

/**
 * Well under the slow record's several seconds on a fast machine (with the reference
 * Markdown parser, which the slow record asks for), well over a normal record's milliseconds
 * on a busy one.
 */
const TIME_LIMIT_MS = 1000;
/** The time limit, and the reference Markdown parser, whatever faster reader exists. */
const SLOW_ENV = { STANDPOINT_DOCUMENT_TIME_LIMIT_MS: String(TIME_LIMIT_MS), STANDPOINT_MARKDOWN: 'remark' };
const STOPPED_FOR_TIME = `This document was not checked: its analysis ran over the time limit of ${TIME_LIMIT_MS / 1000} s per document and was stopped; no rule reports on it`;
const where = (f: JsonFinding) => `${f.file} ${f.rule}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;

/**
 * Every document's analysis runs on a worker thread that is stopped when the document
 * overruns its time limit, or that V8 stops when it would outgrow its memory limit: the
 * document gets a located internal-error naming the limit, the thread is replaced, and
 * every other document is still checked — in the CLI and in the language server.
 */
describe('bounded analysis: worker threads stopped on overrun', function () {
  this.timeout(120_000);
  const make = tempWorkspaces();

  it('reads its limits from the environment, ignoring values that are not whole numbers', () => {
    assert.deepEqual(analysisLimits({}), DEFAULT_ANALYSIS_LIMITS);
    assert.deepEqual(analysisLimits({ STANDPOINT_DOCUMENT_TIME_LIMIT_MS: '250', STANDPOINT_ANALYSIS_MEMORY_MB: '64' }), { documentMs: 250, memoryMb: 64 });
    assert.deepEqual(analysisLimits({ STANDPOINT_DOCUMENT_TIME_LIMIT_MS: '1.5', STANDPOINT_ANALYSIS_MEMORY_MB: 'lots' }), DEFAULT_ANALYSIS_LIMITS);
  });

  it('stops a document over the time limit, reports it on its first line, and checks every other file (exit 1)', () => {
    const slow = slowMarkdown('LP-2026-100');
    const ws = make({
      'decisions/slow.md': slow,
      'decisions/a.yaml': record({ id: 'LP-2026-101' }).replace('owner: Dana Reyes', 'owner: everyone'),
      'decisions/b.yaml': record({ id: 'LP-2026-102' }),
    });
    const env = SLOW_ENV;
    const started = Date.now();
    const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws, env });
    const took = Date.now() - started;
    assert.ok(took < 15_000, `took ${took} ms`);
    assert.equal(out.code, 1, show(out));
    assert.ok(!hasStackTrace(out.stderr), out.stderr);
    const got = findings(out);
    const firstLine = slow.indexOf('\n') + 1;
    assert.deepEqual(
      got.filter((f) => f.file === 'decisions/slow.md').map((f) => `${where(f)} ${f.message}`),
      [`decisions/slow.md internal-error@1:1-1:${firstLine} ${STOPPED_FOR_TIME}`],
    );
    assert.ok(
      got.some((f) => f.file === 'decisions/a.yaml' && f.rule === 'no-diffused-ownership'),
      show(out),
    );
    // The same findings for the other files as a run without the slow one.
    fs.renameSync(path.join(ws, 'decisions/slow.md'), path.join(ws, 'slow.md.txt'));
    const without = findings(standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws, env }));
    assert.deepEqual(
      got.filter((f) => f.file !== 'decisions/slow.md'),
      without,
    );
  });

  it('replaces each stopped thread: three slow records among sixty on two threads, each reported, every other one checked', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`decisions/r${String(i).padStart(2, '0')}.yaml`] = record({ id: `LP-2026-${200 + i}` }).replace('owner: Dana Reyes', 'owner: everyone');
    for (const i of [3, 30, 57]) files[`decisions/r${i}-slow.md`] = slowMarkdown(`LP-2026-${300 + i}`);
    const ws = make(files);
    const env = SLOW_ENV;
    const started = Date.now();
    const out = standpoint(['check', '--format', 'json', '--today', TODAY, '--concurrency', '2'], { cwd: ws, env });
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.equal(out.code, 1, show(out));
    const got = findings(out);
    assert.deepEqual(
      got.filter((f) => f.rule === 'internal-error').map((f) => `${f.file}@${f.line}`),
      ['decisions/r3-slow.md@1', 'decisions/r30-slow.md@1', 'decisions/r57-slow.md@1'],
    );
    for (const f of got.filter((x) => x.rule === 'internal-error')) assert.equal(f.message, STOPPED_FOR_TIME);
    // Every YAML record was analysed: each names a group as its owner.
    const checked = new Set(got.filter((f) => f.rule === 'no-diffused-ownership').map((f) => f.file));
    assert.equal(checked.size, 60, [...checked].join(', '));
  });

  it('stops a document that would outgrow the memory limit, names the limit, and is not cached as checked', () => {
    const ws = make({ 'decisions/big.md': slowMarkdown('LP-2026-400'), 'decisions/ok.yaml': record({ id: 'LP-2026-401' }) });
    const env = { STANDPOINT_ANALYSIS_MEMORY_MB: '48', STANDPOINT_MARKDOWN: 'remark' };
    for (const run of [1, 2]) {
      const started = Date.now();
      const out = standpoint(['check', '--format', 'json', '--today', TODAY, '--cache'], { cwd: ws, env });
      assert.ok(Date.now() - started < 20_000, `run ${run} took ${Date.now() - started} ms`);
      assert.equal(out.code, 1, show(out));
      assert.deepEqual(
        findings(out)
          .filter((f) => f.file === 'decisions/big.md')
          .map((f) => `${f.rule}@${f.line}:${f.column} ${f.message}`),
        [
          'internal-error@1:1 This document was not checked: its analysis ran out of memory (the limit is 48 MB per analysis thread) and was stopped; no rule reports on it',
        ],
        `run ${run}`,
      );
    }
  });

  it('the language server reports an open document that overruns, indexes the rest, and keeps answering', async () => {
    const slow = slowMarkdown('LP-2026-500');
    const ws = make({
      'decisions/on-disk-slow.md': slowMarkdown('LP-2026-501'),
      'decisions/ok.yaml': record({ id: 'LP-2026-502' }).replace('owner: Dana Reyes', 'owner: everyone'),
    });
    const client = new LspClient(SLOW_ENV);
    try {
      await client.initialize(ws);
      const open = path.join(ws, 'decisions/open-slow.md');
      const started = Date.now();
      await client.open(open, slow);
      const ok = path.join(ws, 'decisions/ok.yaml');
      await client.open(ok, fs.readFileSync(ok, 'utf8'));
      // The small record is answered on the keystroke path while the large one is analysed elsewhere.
      await client.waitFor(ok, (d) => d.some((x) => x.code === 'no-diffused-ownership'));
      const hover = await client.request('textDocument/hover', { textDocument: { uri: uri(ok) }, position: { line: 0, character: 1 } });
      assert.notEqual(hover, undefined);
      const got = await client.waitFor(open, (d) => d.some((x) => x.code === 'internal-error'), 20_000);
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      assert.deepEqual(
        got.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character} ${d.message}`),
        [`internal-error@0:0 ${STOPPED_FOR_TIME}`],
      );
      // Features that need the parsed document answer without parsing it on the server's thread.
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: uri(open) } });
      assert.deepEqual(symbols, []);

      // The record on disk is indexed on a worker thread, stopped too; "check all" publishes it.
      await client.request('workspace/executeCommand', { command: 'standpoint.lintWorkspace', arguments: [] });
      const onDisk = path.join(ws, 'decisions/on-disk-slow.md');
      const indexed = await client.waitFor(onDisk, (d) => d.length > 0, 20_000);
      assert.deepEqual(
        indexed.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`),
        ['internal-error@0:0'],
      );
      assert.equal(indexed[0].message, STOPPED_FOR_TIME);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
