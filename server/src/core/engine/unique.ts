import path from 'node:path';
import { rangeFromStarts } from '../text/line-index.js';
import type { RelatedLocation } from '../types.js';
import { DETAIL, type AnalysedFinding, type DocumentAnalysis } from './analysis.js';

/** Other places named in a duplicate's message; the rest are counted ("and 12 more"). */
const MAX_PLACES = 10;

/**
 * The workspace half of `unique` checks: values seen by more than one document (or twice
 * in one) become a finding at each place, naming the other places.
 */
export function groupOccurrences(analyses: Iterable<DocumentAnalysis>, root: string): Map<string, AnalysedFinding[]> {
  const groups = new Map<string, Array<{ analysis: DocumentAnalysis; index: number }>>();
  for (const analysis of analyses) {
    analysis.occurrences.forEach((occ, index) => {
      const key = `${occ.rule}\u0000${occ.check}\u0000${occ.value}`;
      const list = groups.get(key);
      if (list) list.push({ analysis, index });
      else groups.set(key, [{ analysis, index }]);
    });
  }
  const out = new Map<string, AnalysedFinding[]>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    // Places in file order whatever order the analyses came in (worker threads finish in any order).
    list.sort((a, b) => (a.analysis.file < b.analysis.file ? -1 : a.analysis.file > b.analysis.file ? 1 : a.index - b.index));
    // Places and files once per group, so thousands of uses of one value stay linear, not quadratic.
    const related: RelatedLocation[] = list.map((o) => ({
      file: o.analysis.file,
      ...rangeFromStarts(o.analysis.lineStarts, o.analysis.length, o.analysis.occurrences[o.index].span),
    }));
    const places = related.map((r) => `${path.relative(root, r.file) || path.basename(r.file)}:${r.line}`);
    for (const [i, me] of list.entries()) {
      const shown: string[] = [];
      for (let k = 0; k < list.length && shown.length < MAX_PLACES; k++) if (k !== i) shown.push(places[k]);
      const more = list.length - 1 - shown.length;
      const occ = me.analysis.occurrences[me.index];
      const finding: AnalysedFinding = {
        rule: occ.rule,
        severity: occ.severity,
        span: occ.span,
        path: occ.path,
        message: occ.message.split(DETAIL).join(`also used in ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`),
        // One list shared by the group's findings: each place's consumers skip their own.
        related,
      };
      const found = out.get(me.analysis.file);
      if (found) found.push(finding);
      else out.set(me.analysis.file, [finding]);
    }
  }
  return out;
}

/**
 * Which documents (by index) hold each value. Keyed by value alone (coarser than the
 * rule-and-check groups): regrouping a superset of a group's documents, in order, yields the
 * same findings, so an edited document is regrouped with the holders of its values only.
 */
export function holdersOfValues(analyses: readonly DocumentAnalysis[]): Map<string, number | number[]> {
  const holders = new Map<string, number | number[]>();
  analyses.forEach((analysis, i) => {
    for (const { value } of analysis.occurrences) {
      const held = holders.get(value);
      if (held === undefined) holders.set(value, i);
      else if (typeof held === 'number') {
        if (held !== i) holders.set(value, [held, i]);
      } else if (held[held.length - 1] !== i) held.push(i);
    }
  });
  return holders;
}
