import assert from 'node:assert/strict';
import path from 'node:path';
import { Project } from '../server/src/core/engine/project.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { tempWorkspaces, TODAY } from './helpers/cli.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

describe('rule settings per file', () => {
  const make = tempWorkspaces();

  it('files matched by the same override layers share one resolved setting; other files get their own', () => {
    const ws = make({
      '.standpoint.yaml':
        'root: true\nrules:\n  promise-hedged: warning\noverrides:\n' +
        '  - files: ["decisions/experiments/**"]\n    rules: {promise-hedged: error, no-finger-pointing: off}\n' +
        '  - files: ["**/pricing-*.yaml"]\n    rules: {customer-evidence-required: {options: {sources: [survey]}}}\n',
      'decisions/a.yaml': 'decision: launch-plan\n',
    });
    const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY, configFile: undefined });
    const at = (rel: string) => project.rulesFor(path.join(ws, rel)).settings;
    const plain = at('decisions/a.yaml');
    assert.equal(at('decisions/b.yaml'), plain, 'same layers, same settings object');
    const experiment = at('decisions/experiments/x.yaml');
    assert.notEqual(experiment, plain);
    assert.equal(at('decisions/experiments/y.yaml'), experiment);
    assert.equal(plain.get('promise-hedged')?.severity, 'warning');
    assert.equal(experiment.get('promise-hedged')?.severity, 'error');
    assert.equal(plain.has('no-finger-pointing'), true);
    assert.equal(experiment.has('no-finger-pointing'), false);
    const pricing = at('decisions/pricing-2026.yaml');
    assert.deepEqual(pricing.get('customer-evidence-required')?.options.sources, ['survey']);
    assert.notDeepEqual(plain.get('customer-evidence-required')?.options.sources, ['survey'], 'options of one layer do not leak into another');
    // Both overrides at once is its own combination.
    const both = at('decisions/experiments/pricing-1.yaml');
    assert.equal(both.get('promise-hedged')?.severity, 'error');
    assert.deepEqual(both.get('customer-evidence-required')?.options.sources, ['survey']);
  });
});
