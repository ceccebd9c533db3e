import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { analyseText } from '../server/src/core/engine/session.js';
import { QuietTexts } from '../server/src/core/text/quiet-texts.js';
import { openNodeProject } from '../server/src/node/open-project.js';
import { SAMPLES_DIR } from './helpers/paths.js';

describe('texts remembered as quiet between edits', () => {
  it('remembers a text per search, and only for that search', () => {
    const quiet = new QuietTexts();
    const [a, b] = [{}, {}];
    quiet.add(a, 'nothing to see here');
    assert.equal(quiet.has(a, 'nothing to see here'), true);
    assert.equal(quiet.has(a, 'nothing to see here!'), false);
    assert.equal(quiet.has(b, 'nothing to see here'), false);
  });

  it('keeps two generations: a text still looked up is carried over, one not looked up is forgotten', () => {
    const quiet = new QuietTexts(10);
    const search = {};
    quiet.add(search, 'used');
    quiet.add(search, 'unused');
    quiet.add(search, 'x'.repeat(6)); // past the limit: a new generation
    assert.equal(quiet.has(search, 'used'), true, 'from the older generation, carried over');
    quiet.add(search, 'y'.repeat(9)); // past the limit again: the generation holding "unused" goes
    assert.equal(quiet.has(search, 'used'), true);
    assert.equal(quiet.has(search, 'unused'), false);
  });

  it('an editor project reports after every edit what a project reading the text once reports (YAML and Markdown records, 150 generated edit sequences)', () => {
    const dir = path.join(SAMPLES_DIR, 'decisions');
    const files = [
      'lp-2026-014-one-click-reorder.yaml',
      'pol-2026-013-instant-refunds.md',
      'org-2026-009-payroll-to-finance.md',
      'pr-2026-005-small-basket-delivery-fee.yaml',
    ];
    // Words the prose rules look for (blame, hedges, placeholders, in comments as well), and words they do not.
    const words = fc.constantFrom(
      " That's on the courier.",
      ' We aim to refund within a day where possible.',
      ' best effort',
      ' TBD',
      ' <!-- that is on the vendor -->',
      ' customers',
      ' x',
      '',
    );
    const edit = fc.record({ line: fc.nat(200), words, remove: fc.boolean() });
    let remembered = 0;
    const once = openNodeProject({ cwd: SAMPLES_DIR, today: '2026-11-20' });
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 8 }), (name, edits) => {
        const file = path.join(dir, name);
        const editor = openNodeProject({ cwd: SAMPLES_DIR, today: '2026-11-20', followsEdits: true });
        const quiet = editor.quietTexts!;
        const has = quiet.has.bind(quiet);
        quiet.has = (search, text) => {
          const found = has(search, text);
          if (found) remembered++;
          return found;
        };
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        let previous = '';
        for (const step of [{ line: 0, words: '', remove: false }, ...edits]) {
          const at = step.line % lines.length;
          // An edit adds words at the end of a line, or takes back the last words added.
          lines[at] = step.remove && previous !== '' && lines[at].endsWith(previous) ? lines[at].slice(0, -previous.length) : lines[at] + step.words;
          previous = step.words;
          const text = lines.join('\n');
          assert.deepEqual(analyseText(editor, file, text).analysis, analyseText(once, file, text).analysis, text);
        }
      }),
      { numRuns: 150, seed: 20261206 },
    );
    assert.ok(remembered > 0, 'texts were passed over as remembered');
  });
});
