import path from 'node:path';
import { rangeFromStarts } from '../text/line-index.js';
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
    const places = list.map((o) => {
      const where = path.relative(root, o.analysis.file) || path.basename(o.analysis.file);
      const line = rangeFromStarts(o.analysis.lineStarts, o.analysis.length, o.analysis.occurrences[o.index].span).line;
      return `${where}:${line}`;
    });
    const perFile = new Map<string, number>();
    for (const o of list) perFile.set(o.analysis.file, (perFile.get(o.analysis.file) ?? 0) + 1);
    for (const [i, me] of list.entries()) {
      const shown: string[] = [];
      for (let k = 0; k < list.length && shown.length < MAX_PLACES; k++) if (k !== i) shown.push(places[k]);
      const more = list.length - 1 - shown.length;
      const occ = me.analysis.occurrences[me.index];
      const finding: AnalysedFinding = {
        rule: occ.rule, severity: occ.severity, span: occ.span, path: occ.path,
        message: occ.message.split(DETAIL).join(`also used in ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`),
        related: [...perFile.keys()].filter((f) => f !== me.analysis.file || perFile.get(f)! > 1),
      };
      const found = out.get(me.analysis.file);
      if (found) found.push(finding);
      else out.set(me.analysis.file, [finding]);
    }
  }
  return out;
}
