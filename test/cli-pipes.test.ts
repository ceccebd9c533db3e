import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempWorkspaces, TODAY } from './helpers/cli.js';
import { BIN, SAMPLES_DIR } from './helpers/paths.js';

/** Runs `standpoint ARGS | head -c BYTES` in bash with pipefail: the command's own exit code, and what it said on stderr. */
function piped(args: string[], bytes: number, cwd: string): { code: number | null; stderr: string; head: string } {
  const run = spawnSync('bash', ['-c', `set -o pipefail; "$@" | head -c ${bytes}`, 'bash', process.execPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stderr: run.stderr, head: run.stdout };
}

/** A reader that stops early closes the pipe: the command ends quietly, as command-line tools do. */
describe('cli: output into a pipe closed early', () => {
  const make = tempWorkspaces();

  it('--help read up to its first line: exit 0, nothing on stderr', () => {
    const run = piped(['--help'], 10, SAMPLES_DIR);
    assert.equal(run.head, 'Usage: sta');
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
  });

  it('a JSON report larger than the pipe holds, read up to its first bytes: the check’s exit code, nothing on stderr', function () {
    this.timeout(60_000);
    const ws = make();
    for (const name of ['.standpoint.yaml', 'people.yaml', 'promises.yaml']) fs.copyFileSync(path.join(SAMPLES_DIR, name), path.join(ws, name));
    for (let i = 0; i < 40; i++) fs.cpSync(path.join(SAMPLES_DIR, 'decisions'), path.join(ws, 'decisions', `copy-${i}`), { recursive: true });
    const whole = spawnSync(process.execPath, [BIN, 'check', '--today', TODAY, '--format', 'json'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(whole.status, 1, whole.stderr);
    // More than a pipe holds (64 KB on Linux), so the command is still writing when the reader goes.
    assert.ok(whole.stdout.length > 1 << 18, `${whole.stdout.length} characters`);
    const run = piped(['check', '--today', TODAY, '--format', 'json'], 100, ws);
    assert.equal(run.head, whole.stdout.slice(0, 100));
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
  });
});
