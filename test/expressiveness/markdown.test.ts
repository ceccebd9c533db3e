import assert from 'node:assert/strict';
import path from 'node:path';
import { show, standpoint } from '../helpers/cli.js';
import { REPO } from '../helpers/paths.js';

/**
 * Rules for Markdown documents that are not decision records, written purely as rule files
 * (test/expressiveness/markdown/rules): header bullets as fields (a date on the calendar,
 * keys in any case, front matter winning), a policy scoped to a section (open points only
 * in the decision, not elsewhere, not in HTML comments), a reference across files (each
 * number of a "Requires:" line looked up among the other proposals), several markers in one comment.
 */
describe('expressiveness: rules for Markdown documents that are not decision records', function () {
  this.timeout(120000);

  it('pass their own fixtures, and every check fires in one (test-rules --coverage)', () => {
    const run = standpoint(['test-rules', path.join(REPO, 'test', 'expressiveness', 'markdown', 'rules'), '--coverage']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /4 rules, 4 passed, 0 failed · 16 cases, 16 passed, 0 failed/);
    assert.match(run.stdout, /every rule has valid and invalid fixtures, and every check, word, pattern and severity_when entry fires/);
    assert.doesNotMatch(run.stdout, /^warning/m);
  });
});
