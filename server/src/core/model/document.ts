import type { LineIndex } from '../text/line-index.js';
import type { DocumentRole, PathSegment, Span } from '../types.js';
import type { SourceMap } from './source-map.js';

export type RecordForm = 'yaml' | 'markdown';

/** A problem found while reading a document: becomes a `record-syntax` finding. */
export interface SyntaxProblem {
  span: Span;
  message: string;
}

/** A run of free prose (Markdown text outside mapped sections) that prose rules read. */
export interface ProseSegment {
  text: string;
  span: Span;
}

/** A field given both in front matter and in the body (front matter wins). */
export interface DuplicateField {
  path: PathSegment[];
  span: Span;
}

/** An inline `standpoint-waive` comment. */
export interface InlineWaiver {
  rule: string;
  reason?: string;
  owner?: string;
  expires?: string;
  /** The comment itself. */
  span: Span;
  /** 0-based line the waiver applies to. */
  targetLine: number;
}

/** One file read into the shared record model. */
export interface ParsedDocument {
  file: string;
  text: string;
  form: RecordForm;
  lines: LineIndex;
  /** The model: YAML data, or front matter with the mapped Markdown body. Undefined when unreadable. */
  data: unknown;
  map: SourceMap;
  syntax: SyntaxProblem[];
  prose: ProseSegment[];
  /** Markdown blockquotes: someone else's words, which rules in the organisation's voice leave alone. */
  blockquotes: Span[];
  duplicates: DuplicateField[];
  inlineWaivers: InlineWaiver[];
  role: DocumentRole;
}
