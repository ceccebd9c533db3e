import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyseText } from '../server/src/core/engine/session.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { SAMPLES_DIR } from './helpers/paths.js';

// Analyses cross threads and live in the cache as plain data: a field a finding has no value for is left out, not undefined.
describe('analysed findings', () => {
  const project = openNodeProject({ cwd: SAMPLES_DIR, today: '2026-11-20' });
  const analyse = (file: string, text: string) => analyseText(project, file, text).analysis.findings;

  it('hold only the fields they have a value for, in one order', () => {
    const dir = path.join(SAMPLES_DIR, 'decisions');
    const findings = fs.readdirSync(dir).flatMap((name) => analyse(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8')));
    assert.ok(findings.length > 0);
    assert.ok(findings.some((f) => f.path !== undefined));
    for (const f of findings) {
      const keys = Object.keys(f);
      assert.deepEqual(
        keys,
        ['rule', 'severity', 'message', 'span', 'path', 'related', 'fix'].filter((k) => k in f),
        `${f.rule}: ${keys.join(', ')}`,
      );
      for (const k of keys) assert.notEqual(f[k as keyof typeof f], undefined, `${f.rule}: ${k}`);
    }
  });

  it('keep the path of a field finding and leave it out of a file finding', () => {
    const file = path.join(SAMPLES_DIR, 'decisions', 'broken.yaml');
    const [syntax] = analyse(file, 'decision: [\n');
    assert.equal(syntax.rule, 'record-syntax');
    assert.deepEqual(Object.keys(syntax), ['rule', 'severity', 'message', 'span']);
    const missing = analyse(file, 'decision: pricing-change\nid: PC-2026-001\ntitle: x\npromises:\n  - promise: Faster refunds\n').find(
      (f) => f.rule === 'promise-baseline',
    );
    assert.ok(missing, 'promise-baseline reports the promise without a baseline');
    assert.deepEqual(missing.path, ['promises', 0, 'baseline']);
    assert.deepEqual(Object.keys(missing), ['rule', 'severity', 'message', 'span', 'path']);
  });
});
