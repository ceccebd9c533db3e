import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';
import { SAMPLES_DIR } from './helpers/paths.js';

/**
 * `check --concurrency`: files are dealt to worker threads a batch at a time, to whichever
 * worker asks next. Whatever the number of workers and however the costly records fall,
 * every file is analysed once and the report is the one a single thread prints.
 */
describe('check on worker threads', () => {
  const make = tempWorkspaces();

  /** The sample log copied `copies` times, each copy in its own folder (Markdown and YAML records interleaved). */
  function copiedSamples(copies: number): string {
    const ws = make();
    for (const name of ['.standpoint.yaml', 'people.yaml', 'promises.yaml']) {
      if (fs.existsSync(path.join(SAMPLES_DIR, name))) fs.copyFileSync(path.join(SAMPLES_DIR, name), path.join(ws, name));
    }
    for (let i = 0; i < copies; i++)
      fs.cpSync(path.join(SAMPLES_DIR, 'decisions'), path.join(ws, 'decisions', `copy-${String(i).padStart(2, '0')}`), { recursive: true });
    return ws;
  }
  const check = (ws: string, ...args: string[]) => standpoint(['check', '.', '--today', TODAY, '--format', 'json', ...args], { cwd: ws });

  it('prints byte for byte what one thread prints, with 2, 3 and 8 workers on a log of 320 records', function () {
    this.timeout(120_000);
    const ws = copiedSamples(20);
    const single = check(ws, '--concurrency', 'off');
    assert.equal(single.code, 1, show(single));
    const found = findings(single);
    // Each copy repeats the sample log's findings, and its ids collide with the other copies'.
    assert.equal(new Set(found.map((f) => f.file)).size >= 20 * 6, true, `only ${new Set(found.map((f) => f.file)).size} files with findings`);
    for (const workers of ['2', '3', '8']) {
      const parallel = check(ws, '--concurrency', workers);
      assert.equal(parallel.code, single.code, `--concurrency ${workers}: ${show(parallel)}`);
      assert.equal(parallel.stdout, single.stdout, `--concurrency ${workers}`);
      assert.equal(parallel.stderr, single.stderr, `--concurrency ${workers}`);
    }
  });

  it('finishes with more workers than batches: each idle worker is told there is nothing to do', () => {
    const ws = copiedSamples(1);
    const single = check(ws, '--concurrency', 'off');
    for (const workers of ['8', '16']) {
      const parallel = check(ws, '--concurrency', workers);
      assert.equal(parallel.code, single.code, show(parallel));
      assert.equal(parallel.stdout, single.stdout, `--concurrency ${workers}`);
    }
  });
});
