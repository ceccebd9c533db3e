// Runs a command and reports wall time and peak RSS (of the process tree's largest member,
// from /usr/bin/time when available, else from the child's resource usage).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const hasTime = fs.existsSync('/usr/bin/time');

export function measure(command, args, options = {}) {
  const started = performance.now();
  const argv = hasTime ? ['/usr/bin/time', ['-f', '%M', command, ...args]] : [command, args];
  const run = spawnSync(argv[0], argv[1], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  const ms = performance.now() - started;
  let peakMB = NaN;
  if (hasTime) {
    const lines = run.stderr.trim().split('\n');
    peakMB = Number(lines[lines.length - 1]) / 1024;
  }
  return { ms, peakMB, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
