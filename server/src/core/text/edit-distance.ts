/** Rows reused from call to call (grown when a longer string comes): headings are compared by the thousand. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * The Damerau-Levenshtein distance (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbouring characters each count 1, the usual typos.
 * With a `limit`, only the cells within `limit` of the diagonal are worked out, and
 * `limit + 1` is returned as soon as the distance is known to exceed it.
 */
export function editDistance(a: string, b: string, limit = Math.max(a.length, b.length)): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  const width = b.length + 1;
  if (rows[0].length < width + 1) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  // Two rows back (for swaps), the previous row and the current one; cells outside the band hold `over`.
  let [before, prev, row] = rows;
  before.fill(over, 0, width + 1);
  for (let j = 0; j < width; j++) prev[j] = j <= limit ? j : over;
  prev[width] = over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    row[0] = i <= limit ? i : over;
    if (from > 1) row[from - 1] = over;
    let best = row[0];
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, before[j - 2] + 1);
      if (d > over) d = over;
      row[j] = d;
      if (d < best) best = d;
    }
    if (to < b.length) row[to + 1] = over;
    if (best > limit) return over;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[b.length], over);
}
