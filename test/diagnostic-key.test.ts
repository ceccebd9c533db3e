import assert from 'node:assert/strict';
import { discoverRecords, type Finding } from '../server/src/core/index.js';
import { lintFiles } from '../server/src/core/engine/linter.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { diagnosticKey, toDiagnostic } from '../server/src/lsp/convert.js';
import { SAMPLES_DIR } from './helpers/paths.js';

/**
 * The language server keeps findings, not diagnostics, and tells whether a file's diagnostics
 * changed by a key of what they are made of: two findings have equal keys exactly when their
 * diagnostics are equal.
 */
describe('language server: what a diagnostic is made of', () => {
  const project = openNodeProject({ cwd: SAMPLES_DIR, today: '2026-11-20' });
  const found = lintFiles(project, discoverRecords(project, [SAMPLES_DIR], SAMPLES_DIR)).findings;

  const variants: Array<[string, (f: Finding) => Finding]> = [
    ['message', (f) => ({ ...f, message: `${f.message} Again.` })],
    ['line', (f) => ({ ...f, line: f.line + 1, endLine: f.endLine + 1 })],
    ['column', (f) => ({ ...f, column: f.column + 1 })],
    ['end column', (f) => ({ ...f, endColumn: f.endColumn + 1 })],
    ['severity', (f) => ({ ...f, severity: f.severity === 'error' ? 'warning' : 'error' })],
    ['rule', (f) => ({ ...f, rule: `${f.rule}-x` })],
    ['docs link', (f) => ({ ...f, docsUrl: `${f.docsUrl}#x` })],
    ['path', (f) => ({ ...f, path: [...(f.path ?? []), 'x'] })],
    ['another place', (f) => ({ ...f, related: [...(f.related ?? []), { file: '/elsewhere.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 }] })],
    // Not shown: the same diagnostic.
    ['offsets alone', (f) => ({ ...f, span: { start: f.span.start + 3, end: f.span.end + 3 } })],
    ['principle', (f) => ({ ...f, principle: 'other' })],
    ['waived', (f) => ({ ...f, suppressed: 'waiver' })],
  ];

  it('keys are equal exactly when diagnostics are, for every kind of change to the samples’ findings', () => {
    assert.ok(found.length >= 5, `${found.length} findings`);
    for (const f of found) {
      for (const [what, change] of variants) {
        const v = change(f);
        const sameDiagnostic = JSON.stringify(toDiagnostic(v)) === JSON.stringify(toDiagnostic(f));
        assert.equal(diagnosticKey(v) === diagnosticKey(f), sameDiagnostic, `${f.rule}, ${what}`);
      }
    }
  });
});
