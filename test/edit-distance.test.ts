import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editDistance } from '../server/src/core/text/edit-distance.js';

/** The textbook optimal-string-alignment distance, every cell worked out. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('edit distance (Damerau-Levenshtein, optimal string alignment)', () => {
  it('counts each typo once: a swap, a missing, an extra or a wrong letter', () => {
    assert.equal(editDistance('promsies', 'promises'), 1);
    assert.equal(editDistance('advocats', 'advocates'), 1);
    assert.equal(editDistance('evidance', 'evidence'), 1);
    assert.equal(editDistance('option', 'action'), 2);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('agrees with the full table, and within a limit says only "more than the limit" past it', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, limit) => {
        const full = reference(a, b);
        assert.equal(editDistance(a, b), full);
        assert.equal(editDistance(a, b, limit), Math.min(full, limit + 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('handles strings longer than its reused rows', () => {
    assert.equal(editDistance('x'.repeat(300), `${'x'.repeat(299)}y`), 1);
    assert.equal(editDistance('ab'.repeat(200), 'ba'.repeat(200), 3), 2);
  });
});
