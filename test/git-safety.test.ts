import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, git, lineOf, record, show, standpoint, tempWorkspaces, TODAY, triples } from './helpers/cli.js';

// A repository's own configuration must not make --changed-since run commands of its choosing.
describe('gating: git runs no command the workspace configures', function () {
  this.timeout(120_000);
  const make = tempWorkspaces();
  const HEDGED = 'We aim to ship orders the same day';

  /** A repository whose config runs a script (leaving a marker file) from fsmonitor and a clean filter. */
  function trappedRepo(): { ws: string; markers: string } {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-801', promise: HEDGED }) });
    const markers = fs.mkdtempSync(path.join(path.dirname(ws), 'markers-'));
    const script = path.join(markers, 'trap.sh');
    fs.writeFileSync(script, `#!/bin/sh\ntouch "${markers}/ran-$1"\ncat\n`, { mode: 0o755 });
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decision log');
    git(ws, 'config', 'core.fsmonitor', `${script} fsmonitor`);
    git(ws, 'config', 'filter.trap.clean', `${script} clean`);
    fs.writeFileSync(path.join(ws, '.gitattributes'), '*.yaml filter=trap\n');
    return { ws, markers };
  }
  const ran = (markers: string) =>
    fs
      .readdirSync(markers)
      .filter((f) => f.startsWith('ran-'))
      .sort();

  it('the trap is real: plain git runs the configured commands', () => {
    const { ws, markers } = trappedRepo();
    fs.appendFileSync(path.join(ws, 'decisions/a.yaml'), '# edited\n');
    git(ws, 'diff', '--name-only', 'HEAD', '--');
    assert.deepEqual(ran(markers), ['ran-clean', 'ran-fsmonitor']);
  });

  it('check --changed-since reports the changed record without running them', () => {
    const { ws, markers } = trappedRepo();
    const file = path.join(ws, 'decisions/a.yaml');
    fs.appendFileSync(file, '# edited\n');
    const run = standpoint(['check', '--changed-since', 'HEAD', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(triples(findings(run)), [`promise-hedged@decisions/a.yaml:${lineOf(fs.readFileSync(file, 'utf8'), HEDGED)}`], show(run));
    assert.deepEqual(ran(markers), []);
  });

  it('report --months and --since read the history from objects without running them', () => {
    const { ws, markers } = trappedRepo();
    const script = path.join(markers, 'trap.sh');
    git(ws, 'config', 'filter.trap.smudge', `${script} smudge`);
    git(ws, 'config', 'diff.trap.textconv', `${script} textconv`);
    fs.writeFileSync(path.join(ws, '.gitattributes'), '*.yaml filter=trap diff=trap\n');
    fs.appendFileSync(path.join(ws, 'decisions/a.yaml'), '# edited\n');
    for (const history of [
      ['--months', '2'],
      ['--since', 'HEAD'],
    ]) {
      const page = path.join(markers, 'scorecard.html');
      // The commit is dated now: the history's one point is today.
      const run = standpoint(['report', '--html', page, ...history], { cwd: ws });
      assert.equal(run.code, 0, show(run));
      assert.match(fs.readFileSync(page, 'utf8'), /<g class="point" data-key="[^"]+" data-value="1"/, 'one point, with the hedged promise');
    }
    assert.deepEqual(ran(markers), []);
  });
});
