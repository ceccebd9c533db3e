import assert from 'node:assert/strict';
import { patternVerdict, textLimit } from '../server/src/core/rules/safety.js';
import { regexProblem } from '../server/src/core/rules/loader.js';
import { OverlayHost } from '../server/src/core/overlay-host.js';
import { NodeHost } from '../server/src/node/node-host.js';

// What the engine asks of its host beyond files: a ReDoS verdict and generated code.
describe('host services', () => {
  it('a host without a ReDoS checker leaves team patterns undecided, and a host with one is asked again', () => {
    const pattern = '(b+)+c$';
    assert.deepEqual(patternVerdict(pattern, {}), { complexity: 'unknown' });
    // Undecided patterns are accepted but run only on texts short enough for a quadratic pattern.
    assert.equal(regexProblem(pattern, {}), undefined);
    assert.equal(textLimit(pattern), Math.floor(1e7 ** 0.5));
    assert.equal(patternVerdict(pattern, new NodeHost()).complexity, 'exponential');
    assert.match(regexProblem(pattern, new NodeHost()) ?? '', /can backtrack catastrophically/);
  });

  it('built-in patterns are not judged at load (no checker is passed for them)', () => {
    assert.equal(regexProblem('(c+)+d$'), undefined);
    assert.match(regexProblem('(unclosed') ?? '', /invalid regular expression/);
  });

  it('the overlay host passes the checker and generated code through to the disk host', () => {
    const overlay = new OverlayHost(new NodeHost());
    assert.equal(overlay.checkPattern('^a+$', 'iu').complexity, 'safe');
    const bare = new OverlayHost({ readFile: () => undefined, isFile: () => false, isDirectory: () => false, listDir: () => undefined, glob: () => [] });
    assert.deepEqual(bare.checkPattern('^a+$', 'iu'), { complexity: 'unknown' });
    assert.throws(() => bare.loadGenerated('/nowhere.cjs'), /cannot load generated code/);
  });
});
