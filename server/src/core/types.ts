/** Shared vocabulary of the engine. No I/O, no editor types. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Half-open range of UTF-16 offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

/** 1-based line and column range, end inclusive of the last character's column + 1 (like ESLint). */
export interface LineRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A place in another file (or elsewhere in the same one) that a finding is about. */
export interface RelatedLocation extends LineRange {
  /** Absolute path of the file. */
  file: string;
}

/**
 * The places a finding is about other than its own, at most `limit` (a value used in
 * thousands of records would otherwise make every one of its findings that long).
 */
export function otherPlaces(f: Finding, limit: number): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const r of f.related ?? []) {
    if (out.length >= limit) break;
    if (!(r.file === f.file && r.line === f.line && r.column === f.column)) out.push(r);
  }
  return out;
}

/**
 * A safe fix (SPEC §4 v2): the one right answer, written over `span` — a boolean a rule
 * requires, an unambiguous did-you-mean for an enum value, promise id, person or rule id.
 * Never content a person must supply.
 */
export interface SafeFix {
  span: Span;
  /** The replacement text, ready for the file (quoted as the value was). */
  text: string;
}

/** What kind of file a document is, as far as rules are concerned. */
export type DocumentRole = 'record' | 'non-record' | 'promise-register' | 'people-registry';

export type PathSegment = string | number;

export interface Finding extends LineRange {
  /** Absolute path of the file. */
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  principle: string;
  docsUrl: string;
  /** Offsets of the range in the text. */
  span: Span;
  /** Model path of the node the finding is about, when it is about one. */
  path?: PathSegment[];
  /** The places a cross-record finding is about: every place a value is used, this one included. */
  related?: RelatedLocation[];
  /** Set when an active waiver or baseline entry covers the finding. */
  suppressed?: 'waiver';
  /** The safe fix, when the finding has exactly one right answer. */
  fix?: SafeFix;
}

/** A located problem in a config or rule file. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** The one right correction (a mistyped key or value with a single did-you-mean), for an editor's quick fix. */
  fix?: LineRange & { text: string };
}

/** Configuration or rule files that cannot be used: a CLI run stops with exit 2. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}
