import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, REPO } from './helpers/paths.js';

/**
 * docs/writing-rules.md is executable: its ```sh blocks are run in order in an empty
 * folder (`npx standpoint` → this repository's CLI), each command must exit with the
 * code its `# exits N` comment documents, a fenced block after `<!-- file: PATH -->`
 * is written to PATH first, and a block after `<!-- output -->` must be exactly what
 * the command before it printed. A reader following the guide sees what the test saw.
 */
const GUIDE = path.join(REPO, 'docs', 'writing-rules.md');

type Step =
  | { kind: 'run'; command: string; exit: number; line: number }
  | { kind: 'file'; file: string; text: string; line: number }
  | { kind: 'output'; text: string; line: number };

export function guideSteps(markdown: string): Step[] {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  let marker: { kind: 'file'; file: string } | { kind: 'output' } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fileMarker = /^<!--\s*file:\s*(\S+)\s*-->$/.exec(lines[i]);
    if (fileMarker) {
      marker = { kind: 'file', file: fileMarker[1] };
      continue;
    }
    if (/^<!--\s*output\s*-->$/.test(lines[i])) {
      marker = { kind: 'output' };
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim() !== '') marker = undefined;
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    const body = lines.slice(start, end);
    if (marker?.kind === 'file') steps.push({ kind: 'file', file: marker.file, text: `${body.join('\n')}\n`, line: start });
    else if (marker?.kind === 'output') steps.push({ kind: 'output', text: body.join('\n'), line: start });
    else if (fence[1] === 'sh') {
      body.forEach((text, j) => {
        if (text.trim() === '' || text.trim().startsWith('#')) return;
        const m = /^(.*?)\s+#\s*exits\s+(\d+)\s*$/.exec(text);
        if (!m) throw new Error(`${GUIDE}:${start + j + 1}: command without "# exits N": ${text}`);
        steps.push({ kind: 'run', command: m[1].trim(), exit: Number(m[2]), line: start + j + 1 });
      });
    }
    marker = undefined;
    i = end;
  }
  return steps;
}

describe('docs/writing-rules.md, run as written', function () {
  this.timeout(120000);
  const steps = guideSteps(fs.readFileSync(GUIDE, 'utf8'));
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-guide-')));
  let cwd = root;
  let last: { command: string; stdout: string; stderr: string; code: number | null } | undefined;
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is a walkthrough: init, new-rule, test-rules red then green, check', () => {
    const commands = steps.filter((s): s is Extract<Step, { kind: 'run' }> => s.kind === 'run').map((s) => `${s.command} → ${s.exit}`);
    const order = [
      'npx standpoint init → 0',
      'npx standpoint new-rule',
      'npx standpoint test-rules → 1',
      'npx standpoint test-rules --coverage → 0',
      'npx standpoint check → 1',
      'npx standpoint check → 0',
    ];
    let at = 0;
    for (const c of commands) if (at < order.length && c.startsWith(order[at])) at++;
    assert.equal(at, order.length, `the guide's commands, in order:\n${commands.join('\n')}`);
    assert.ok(steps.some((s) => s.kind === 'file' && s.file.endsWith('rule.yaml')));
    assert.ok(steps.filter((s) => s.kind === 'file' && s.file.includes('/fixtures/')).length >= 3);
  });

  for (const step of steps) {
    if (step.kind === 'file') {
      it(`writes ${step.file} (line ${step.line})`, () => {
        const file = path.resolve(cwd, step.file);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, step.text);
      });
    } else if (step.kind === 'run') {
      it(`${step.command}  # exits ${step.exit} (line ${step.line})`, () => {
        const command = step.command.replace(/\bnpx standpoint\b/g, `"${process.execPath}" "${BIN}"`);
        const pwdFile = path.join(root, '.guide-pwd');
        const env: NodeJS.ProcessEnv = { ...process.env };
        for (const name of ['STANDPOINT_TODAY', 'FORCE_COLOR', 'NO_COLOR']) delete env[name];
        const run = spawnSync('bash', ['-c', `${command}\n__rc=$?\npwd > "${pwdFile}"\nexit $__rc`], {
          cwd,
          env,
          encoding: 'utf8',
          input: '',
          timeout: 60000,
        });
        if (run.error) throw run.error;
        cwd = fs.readFileSync(pwdFile, 'utf8').trim() || cwd;
        last = { command: step.command, stdout: run.stdout, stderr: run.stderr, code: run.status };
        assert.equal(run.status, step.exit, `${step.command} exited ${run.status}, the guide says ${step.exit}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
        assert.doesNotMatch(run.stderr, /internal error|^\s+at /m);
      });
    } else {
      it(`prints what the guide shows (line ${step.line})`, () => {
        assert.ok(last, 'an output block follows a command');
        assert.equal(last.stdout.trimEnd(), step.text.trimEnd(), `output of "${last.command}" differs from the guide (line ${step.line})`);
      });
    }
  }
});
