import assert from 'node:assert/strict';
import path from 'node:path';
import { lintFiles } from '../server/src/core/engine/linter.js';
import { Project } from '../server/src/core/engine/project.js';
import type { Finding } from '../server/src/core/types.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { REPO, RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

const FORMS = path.join(REPO, 'test', 'fixtures', 'forms');

function lint(file: string): Finding[] {
  const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: '2026-11-20', configFile: false });
  return lintFiles(project, [path.join(FORMS, file)]).findings;
}

/** Rule and message, with the record id (the only intended difference) normalised. */
function signature(findings: Finding[]): string[] {
  return findings.map((f) => `${f.rule} | ${f.message.replace(/P-93[12]/g, 'P-93x').replace(/LP-2026-90[01]/g, 'LP-2026-90x')}`).sort();
}

describe('the same record in YAML and Markdown form', () => {
  const yaml = lint('every-field.yaml');
  const markdown = lint('every-field.md');

  it('exercises many rules at once', () => {
    const rules = new Set(yaml.map((f) => f.rule));
    for (const id of [
      'customer-evidence-required',
      'concern-unresolved',
      'promise-hedged',
      'no-diffused-ownership',
      'promise-review-date',
      'promise-ref-resolves',
      'no-exempt-functions',
      'launch-readiness-vs-quarter',
      'readiness-owner',
      'single-score-reliance',
      'report-only-actions',
      'waiver-incomplete',
      'customer-unit-targets',
    ]) {
      assert.ok(rules.has(id), `expected ${id} in ${[...rules].join(', ')}`);
    }
    assert.ok(!rules.has('barrier-mitigation-required'), 'the complete waiver silences barrier-mitigation-required');
  });

  it('yields identical findings in both forms', () => {
    assert.deepEqual(signature(markdown), signature(yaml));
  });

  it('points every finding inside its document, on a line that holds the offending text', () => {
    for (const f of [...yaml, ...markdown]) {
      assert.ok(f.line >= 1 && f.endLine >= f.line, `${f.rule} at ${f.line}`);
      assert.ok(f.span.end > f.span.start || f.rule === 'promise-ref-resolves', `${f.rule} has an empty range`);
    }
  });
});
