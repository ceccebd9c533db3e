import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintFiles } from '../server/src/core/engine/linter.js';
import { Project } from '../server/src/core/engine/project.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { corpusNote, skipWithoutCorpus } from './helpers/corpus.js';
import { CORPUS_DIR, RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

/** Every file of the third-party corpus, checked as a record whatever its shape. */
function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.parentPath !== CORPUS_DIR)
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe(`real-world decision records (ADRs, KEPs, RFCs by others)${corpusNote()}`, function () {
  this.timeout(120000);

  it('checks every file without an internal error and with every finding inside its file', function () {
    skipWithoutCorpus(this);
    const files = corpusFiles();
    assert.ok(files.length > 700, `only ${files.length} corpus files`);
    const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: '2026-11-20', configFile: false });
    const result = lintFiles(project, files);
    const readmes = files.filter((f) => /^readme\.md$/i.test(path.basename(f)));
    assert.deepEqual(result.unreadable, []);
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'internal-error'),
      [],
    );
    // Non-record README.md files are skipped by design; every other file gets a result.
    assert.ok(result.filesChecked >= files.length - readmes.length, `${result.filesChecked} of ${files.length} checked`);
    const lineCounts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8').split('\n').length]));
    for (const f of result.findings) {
      assert.ok(f.line >= 1 && f.endLine <= (lineCounts.get(f.file) ?? 0) + 1, `${f.file}:${f.line} outside the file`);
    }
    const kinds = new Set(result.findings.map((f) => f.rule));
    assert.ok(kinds.has('record-kind'), 'most corpus files are not Standpoint records and say so');
  });
});
