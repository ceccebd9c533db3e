import assert from 'node:assert/strict';
import path from 'node:path';
import { OverlayHost } from '../server/src/core/overlay-host.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { lintWorkspace } from '../server/src/node/lint-workspace.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { SAMPLES_DIR } from './helpers/paths.js';

// The CLI reads files without their byte-order mark; an editor may send the mark as part of the text.
describe('a byte-order mark before Markdown front matter', () => {
  const MD = '---\ndecision: org-change\nid: ORG-2026-901\ntitle: Move payroll\n---\n# Move payroll\n';

  it('is read as front matter, not as a Markdown body without a decision', () => {
    const plain = parseDocument('r.md', MD);
    const marked = parseDocument('r.md', `\uFEFF${MD}`);
    assert.deepEqual(marked.syntax, []);
    assert.deepEqual(marked.data, plain.data);
  });

  it('gives the editor the same findings as the CLI on a sample record, and still finds real problems', async () => {
    const file = path.join(SAMPLES_DIR, 'decisions', 'org-2026-009-payroll-to-finance.md');
    const disk = new NodeHost();
    const text = disk.readFile(file)!;
    const editor = new OverlayHost(disk);
    editor.setBuffer(file, `\uFEFF${text}`);
    const run = async (host: NodeHost | OverlayHost) =>
      (await lintWorkspace(openNodeProject({ cwd: SAMPLES_DIR, today: '2026-11-20' }, host), [file])).findings.map((f) => `${f.rule}@${f.line}`);
    const cli = await run(disk);
    assert.deepEqual(await run(editor), cli);
    const broken = new OverlayHost(disk);
    broken.setBuffer(file, `\uFEFF${text.replace('decision: org-change', 'decision: org-chnge')}`);
    assert.ok(
      (await run(broken)).some((f) => f.startsWith('record-kind@')),
      'a real problem is still found',
    );
  });
});
