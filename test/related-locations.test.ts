import assert from 'node:assert/strict';
import path from 'node:path';
import type { Log } from 'sarif';
import { sarif } from '../server/src/cli/formatters/sarif.js';
import { otherPlaces, type Finding } from '../server/src/core/index.js';
import { lintWorkspace } from '../server/src/node/lint-workspace.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { toDiagnostic } from '../server/src/lsp/convert.js';
import { RULES_DIR } from './helpers/paths.js';

const WORKSPACE = path.join(RULES_DIR, 'duplicate-id', 'fixtures', 'invalid', 'workspace');

async function duplicates(): Promise<Finding[]> {
  const project = openNodeProject({ cwd: WORKSPACE, today: '2026-11-20' });
  const files = ['reorder.yaml', 'reorder-copy.md'].map((f) => path.join(WORKSPACE, f));
  const run = await lintWorkspace(project, files);
  return run.findings.filter((f) => f.rule === 'duplicate-id');
}

describe('related locations of cross-record findings', () => {
  it('each duplicate names the other places as files and ranges, not only in its message', async () => {
    const found = await duplicates();
    // The record id in both files, and a promise id used twice.
    assert.equal(found.length, 4);
    const key = (r: { file: string; line: number; column: number }) => `${path.basename(r.file)}:${r.line}:${r.column}`;
    const at = new Map(found.map((f) => [key(f), f]));
    for (const f of found) {
      const others = otherPlaces(f, 20);
      assert.equal(others.length, 1, key(f));
      // The other place is a duplicate too, and names this one back.
      const other = at.get(key(others[0]));
      assert.ok(other, `${key(f)} names ${key(others[0])}`);
      assert.deepEqual(otherPlaces(other, 20).map(key), [key(f)]);
      assert.deepEqual(
        { ...others[0], file: other.file },
        { file: other.file, line: other.line, column: other.column, endLine: other.endLine, endColumn: other.endColumn },
      );
      const diagnostic = toDiagnostic(f);
      assert.equal(diagnostic.relatedInformation?.length, 1);
      const info = diagnostic.relatedInformation[0];
      assert.ok(info.location.uri.endsWith(`/${path.basename(other.file)}`), info.location.uri);
      assert.deepEqual(info.location.range, {
        start: { line: other.line - 1, character: other.column - 1 },
        end: { line: other.endLine - 1, character: other.endColumn - 1 },
      });
      assert.equal(info.message, 'also used here');
    }
    assert.ok(
      found.some((f) => path.basename(f.file) !== path.basename(otherPlaces(f, 20)[0].file)),
      'a duplicate across files',
    );
  });

  it('SARIF results carry the other places as relatedLocations', async () => {
    const found = await duplicates();
    const log = JSON.parse(
      sarif({
        findings: found,
        rules: [],
        filesChecked: 2,
        recordsChecked: 2,
        registriesChecked: 0,
        files: found.map((f) => f.file),
        activeWaivers: 0,
        waived: 0,
        cwd: WORKSPACE,
        version: '0.0.0',
        color: false,
      }),
    ) as Log;
    const results = log.runs[0].results ?? [];
    assert.equal(results.length, 4);
    for (const [i, result] of results.entries()) {
      const other = otherPlaces(found[i], 20)[0];
      const related = result.relatedLocations ?? [];
      assert.equal(related.length, 1);
      assert.equal(related[0].physicalLocation?.artifactLocation?.uri, path.basename(other.file));
      assert.deepEqual(related[0].physicalLocation?.region, { startLine: other.line, startColumn: other.column, endLine: other.endLine, endColumn: other.endColumn });
    }
  });

  it('findings that are about one place have no related information', async () => {
    const valid = path.join(RULES_DIR, 'duplicate-id', 'fixtures', 'valid', 'workspace');
    const project = openNodeProject({ cwd: valid, config: path.join(valid, '.standpoint.yaml'), today: '2026-11-20', rules: { 'customer-evidence-required': 'error' } });
    const run = await lintWorkspace(
      project,
      ['reorder.yaml', 'returns.md'].map((f) => path.join(valid, f)),
    );
    assert.ok(run.findings.every((f) => f.rule !== 'duplicate-id'));
    for (const f of run.findings) assert.equal(toDiagnostic(f).relatedInformation, undefined, `${f.rule} in ${f.file}`);
  });
});
