import assert from 'node:assert/strict';
import { parseDocument } from '../server/src/core/parse/document.js';
import { findings, hasStackTrace, record, register, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';

// An alias inside the node its anchor names makes the data a cycle: it must be a located
// record-syntax problem, never an endless walk (the CLI used to run out of memory).
describe('hostile inputs: YAML alias cycles', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();
  const CYCLES = ['x: &a [*a]', 'x: &a {k: *a}', 'x: &a\n  k: [1, {deeper: *a}]', 'x: &outer [&inner [*outer]]'];

  for (const cycle of CYCLES) {
    it(`${JSON.stringify(cycle)} in a YAML record and in front matter is a syntax problem at the alias`, () => {
      for (const [file, text] of [
        ['r.yaml', `decision: policy-change\n${cycle}\n`],
        ['r.md', `---\ndecision: policy-change\n${cycle}\n---\n# Title\n`],
      ]) {
        const doc = parseDocument(file, text);
        assert.equal(doc.data, undefined, file);
        assert.equal(doc.syntax.length, 1, file);
        const { span, message } = doc.syntax[0];
        assert.match(message, /alias stands for a node that contains it/, file);
        assert.equal(text.slice(span.start, span.end).replace(/[\]}\s]+$/, ''), `*${/\*(\w+)/.exec(cycle)![1]}`, file);
      }
    });
  }

  it('an alias of an earlier, finished node is still read', () => {
    const doc = parseDocument('r.yaml', 'decision: policy-change\na: &a [1, 2]\nb: {copy: *a}\n');
    assert.deepEqual(doc.syntax, []);
    assert.deepEqual((doc.data as { b: unknown }).b, { copy: [1, 2] });
  });

  it('the CLI reports the cycle in a record and in the promise register and still checks the other files, on worker threads too', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': `${register(['P-1'])}x: &a [*a]\n`,
      'decisions/loop.yaml': 'decision: policy-change\nx: &a [*a]\n',
      'decisions/ok.yaml': record({ id: 'LP-2026-950', promise: 'We aim to ship orders the same day' }),
    });
    for (const concurrency of ['off', '2']) {
      const run = standpoint(['check', '--today', TODAY, '--format', 'json', '--concurrency', concurrency], { cwd: ws });
      assert.equal(run.code, 1, show(run));
      assert.ok(!hasStackTrace(run.stderr), run.stderr);
      const found = findings(run).map((f) => `${f.rule}@${f.file}:${f.line}`);
      assert.ok(found.includes('record-syntax@decisions/loop.yaml:2'), found.join('\n'));
      assert.ok(
        found.some((f) => f.startsWith('record-syntax@promises.yaml:')),
        found.join('\n'),
      );
      assert.ok(
        found.some((f) => f.startsWith('promise-hedged@decisions/ok.yaml:')),
        found.join('\n'),
      );
    }
  });
});
