import type { PathSegment } from '../types.js';
import type { AnalysedFinding, DocumentAnalysis } from './analysis.js';

/**
 * An analysis as a workspace keeps it, for as long as the workspace is open: its line starts
 * as 32-bit integers (half a list of numbers, without its spare room), and one copy of the
 * short strings every analysis repeats. An analysis that crossed a thread or was read from the
 * cache brings its own copy of each rule id, severity and field name; over tens of thousands
 * of documents those copies are a large share of the memory a workspace takes. Values and
 * messages, which differ from document to document, are left alone.
 */
const table = new Map<string, string>();
/** Beyond this many distinct strings (field names are a small set; a workspace full of odd keys is not) nothing more is added. */
const TABLE_LIMIT = 20_000;

function share(s: string): string {
  const known = table.get(s);
  if (known !== undefined) return known;
  if (table.size < TABLE_LIMIT) table.set(s, s);
  return s;
}

function sharePath(path: PathSegment[]): void {
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (typeof step === 'string') path[i] = share(step);
  }
}

/** Makes an analysis, in place, into the form a workspace keeps; returns it. */
export function compactAnalysis(analysis: DocumentAnalysis): DocumentAnalysis {
  if (!(analysis.lineStarts instanceof Int32Array)) analysis.lineStarts = Int32Array.from(analysis.lineStarts);
  compactFindings(analysis.findings);
  for (const o of analysis.occurrences) {
    o.rule = share(o.rule);
    o.severity = share(o.severity) as typeof o.severity;
    sharePath(o.path);
  }
  for (const r of analysis.references) {
    r.rule = share(r.rule);
    r.severity = share(r.severity) as typeof r.severity;
    r.fires = share(r.fires) as typeof r.fires;
    sharePath(r.path);
  }
  for (const t of analysis.targets) t.rule = share(t.rule);
  for (const w of analysis.waivers) w.rule = share(w.rule);
  return analysis;
}

/** Findings, in place, with the shared copy of their rule ids, severities and field names; returns them. */
export function compactFindings<T extends AnalysedFinding[]>(findings: T): T {
  for (const f of findings) {
    f.rule = share(f.rule);
    f.severity = share(f.severity) as typeof f.severity;
    if (f.path) sharePath(f.path);
  }
  return findings;
}

/**
 * Empties a finished analysis of a one-time run: its findings are made, and the workspace stage
 * that read its values is over. Only what says what the document was (file, role, length) stays.
 */
export function releaseAnalysis(analysis: DocumentAnalysis): void {
  analysis.findings = [];
  analysis.occurrences = [];
  analysis.references = [];
  analysis.targets = [];
  analysis.waivers = [];
  analysis.lineStarts = NO_LINES;
  delete analysis.recordId;
}

const NO_LINES = new Int32Array(0);
