import type { DocumentAnalysis, Project } from '../core/index.js';

/**
 * A document's analysis as the cache stores it: plain JSON, its line starts a list (a
 * workspace keeps them as 32-bit integers).
 */
export function storedAnalysisJson(analysis: DocumentAnalysis): string {
  return JSON.stringify(analysis.lineStarts instanceof Int32Array ? { ...analysis, lineStarts: Array.from(analysis.lineStarts) } : analysis);
}

/**
 * The analysis of `file` from its stored text; undefined when that text is damaged or is not
 * an analysis of `file` (the cache file is not trusted: anyone can edit it).
 */
export function readStoredAnalysis(raw: Buffer, file: string, project: Project): DocumentAnalysis | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString());
  } catch {
    return undefined;
  }
  return isAnalysisOf(parsed, file, project) ? parsed : undefined;
}

/** Does the stored value have the shape of an analysis (analysis.schema.json), of this file, with every span inside its text? */
function isAnalysisOf(value: unknown, file: string, project: Project): value is DocumentAnalysis {
  if (project.schemas.validate('analysis.schema.json', value).length > 0) return false;
  const analysis = value as DocumentAnalysis;
  if (analysis.file !== file || analysis.lineStarts[0] !== 0) return false;
  const inside = (s: { start: number; end: number }) => s.start <= s.end && s.end <= analysis.length;
  return (
    analysis.lineStarts.every((start, i) => start <= analysis.length && (i === 0 || start > analysis.lineStarts[i - 1])) &&
    analysis.findings.every((f) => inside(f.span) && (!f.fix || inside(f.fix.span))) &&
    analysis.occurrences.every((o) => inside(o.span)) &&
    analysis.references.every((r) => inside(r.span)) &&
    analysis.targets.every((t) => inside(t.span)) &&
    (!analysis.recordId || inside(analysis.recordId.span)) &&
    analysis.waivers.every((w) => inside(w.span) && (!w.ruleSpan || inside(w.ruleSpan)))
  );
}
