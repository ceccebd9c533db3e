import assert from 'node:assert/strict';
import { patternVerdict } from '../server/src/core/rules/safety.js';
import { regexProblem } from '../server/src/core/rules/loader.js';
import { OverlayHost } from '../server/src/core/overlay-host.js';
import { NodeHost } from '../server/src/node/node-host.js';

// What the engine asks of its host beyond files: a ReDoS verdict and generated code.
describe('host services', () => {
  it('a host without a ReDoS checker refuses team patterns (fail closed), and a host with one is asked again', () => {
    const pattern = '(b+)+c$';
    assert.deepEqual(patternVerdict(pattern, {}), { complexity: 'unknown', undecided: 'no-checker' });
    assert.equal(regexProblem(pattern, {}), 'regular expression /(b+)+c$/ cannot be checked for catastrophic backtracking here (no ReDoS checker), so it is not used');
    assert.equal(patternVerdict(pattern, new NodeHost()).complexity, 'exponential');
    assert.match(regexProblem(pattern, new NodeHost()) ?? '', /can backtrack catastrophically/);
  });

  it('refuses a pattern the checker could not decide in time, or that it cannot analyse', () => {
    const timedOut = { checkPattern: () => ({ complexity: 'unknown' as const, undecided: 'timeout' as const }) };
    assert.equal(
      regexProblem('^undecided-in-time$', timedOut),
      "regular expression /^undecided-in-time$/ could not be shown to run in linear time within the ReDoS checker's 5 s budget, so it is not used: simplify it (fewer or smaller bounded repetitions {n,m}, fewer alternatives)",
    );
    const unsupported = { checkPattern: () => ({ complexity: 'unknown' as const, undecided: 'unsupported' as const }) };
    assert.match(regexProblem('^cannot-analyse$', unsupported) ?? '', /uses a construct the ReDoS checker cannot analyse, so it is not used/);
    const safe = { checkPattern: () => ({ complexity: 'safe' as const }) };
    assert.equal(regexProblem('^proven-linear$', safe), undefined);
  });

  it('built-in patterns are not judged at load (no checker is passed for them)', () => {
    assert.equal(regexProblem('(c+)+d$'), undefined);
    assert.match(regexProblem('(unclosed') ?? '', /invalid regular expression/);
  });

  it('the overlay host passes the checker and generated code through to the disk host', () => {
    const overlay = new OverlayHost(new NodeHost());
    assert.equal(overlay.checkPattern('^a+$', 'iu').complexity, 'safe');
    const bare = new OverlayHost({ readFile: () => undefined, isFile: () => false, isDirectory: () => false, listDir: () => undefined, glob: () => [] });
    assert.deepEqual(bare.checkPattern('^a+$', 'iu'), { complexity: 'unknown', undecided: 'no-checker' });
    assert.throws(() => bare.loadGenerated('/nowhere.cjs'), /cannot load generated code/);
  });
});
