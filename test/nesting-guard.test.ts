import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownBeyond } from '../server/src/core/parse/nesting-guard.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The emphasis and link work of a body as the guard defines it, read character by character:
 * per block (lines up to a blank line, outside fenced code) the square of its `*`, `_`, `[`
 * and `]`; the start of the first block that takes the sum past the limit.
 */
function workBeyond(text: string, maxWork: number): number | undefined {
  let work = 0;
  let blockStart = -1;
  let markers = 0;
  let fence = '';
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const open = FENCE.exec(line)?.[1];
    if (fence !== '') {
      if (open && open[0] === fence[0] && open.length >= fence.length) fence = '';
    } else if (open) {
      if (blockStart >= 0) work += markers * markers;
      blockStart = -1;
      fence = open;
    } else if (line.trim() === '') {
      if (blockStart >= 0) work += markers * markers;
      blockStart = -1;
    } else {
      if (blockStart < 0) [blockStart, markers] = [lineStart, 0];
      for (const c of line) if ('*_[]'.includes(c)) markers++;
      if (work + markers * markers > maxWork) return blockStart;
    }
    lineStart += line.length + 1;
  }
  return undefined;
}

describe('the Markdown guard', () => {
  it('counts emphasis and link markers per block as read character by character, outside fenced code (2,000 generated bodies)', () => {
    // Lines that are paragraphs (no list item, quote or heading), blank lines and fences.
    const line = fc.oneof(
      fc.constantFrom('', '   ', '```', '~~~~', '```js', 'plain words', 'a*b*c', '[link](x)', '_x_ and *y*', 'snake_case_name', '*not a list', '[[]]', 'text ]['),
      fc.string({ unit: fc.constantFrom('a', ' ', '*', '_', '[', ']', 'b'), minLength: 1, maxLength: 12 }).map((s) => `w${s}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.nat(60), (lines, maxWork) => {
        const text = lines.join('\n');
        const found = markdownBeyond(text, 0, { maxDepth: 1000, maxWork, maxListWork: 1e12, maxBlocks: 1e9 });
        const expected = workBeyond(text, maxWork);
        assert.deepEqual(found, expected === undefined ? undefined : { at: expected, what: 'work' }, JSON.stringify(text));
      }),
      { numRuns: 2000, seed: 20261206 },
    );
  });
});
