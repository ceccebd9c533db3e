import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './helpers/paths.js';

describe('environment snapshot (entry points of the CLI, the server and workers)', () => {
  it('makes process.env a plain object with the same variables, which child processes still receive', () => {
    const module = path.join(REPO, 'out', 'server', 'src', 'node', 'environment.js');
    const script = `
      const { useEnvironmentSnapshot } = await import(${JSON.stringify(module)});
      const before = { ...process.env };
      useEnvironmentSnapshot();
      const { execFileSync } = await import('node:child_process');
      const child = execFileSync(process.execPath, ['-e', 'process.stdout.write(process.env.STANDPOINT_PROBE ?? "")'], { encoding: 'utf8' });
      process.env.STANDPOINT_SET_LATER = 'yes';
      const later = execFileSync(process.execPath, ['-e', 'process.stdout.write(process.env.STANDPOINT_SET_LATER ?? "")'], { encoding: 'utf8' });
      process.stdout.write(JSON.stringify({
        // The native object turns every value into a string; a plain object keeps what it is given.
        plain: (() => { Reflect.set(process.env, "STANDPOINT_NUMBER", 1); const kept = typeof process.env.STANDPOINT_NUMBER === 'number'; delete process.env.STANDPOINT_NUMBER; return kept; })(),
        same: JSON.stringify(before) === JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'STANDPOINT_SET_LATER'))),
        child, later,
      }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, STANDPOINT_PROBE: 'from-parent' },
    });
    assert.deepEqual(JSON.parse(out), { plain: true, same: true, child: 'from-parent', later: 'yes' });
  });
});
