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
  /** The rule id in the comment. */
  ruleSpan?: Span;
  /** 0-based line the waiver applies to. */
  targetLine: number;
}

/** A heading of a Markdown body, as rules read it under `$document.headings`. */
export interface HeadingFact {
  text: string;
  /** 1 for `#`, 2 for `##`... */
  level: number;
  /** The known section it names (its own name) and the field that section fills, when it names one. */
  section?: string;
  field?: string;
  /** The known section it nearly names, when it names none (SPEC §1.7). */
  near_miss?: { heading: string; section: string; field: string };
}

/**
 * A section of a Markdown body, as rules read it under `$document.sections`: a heading and
 * what follows it up to the next heading of any level (its subsections are sections of their own).
 */
export interface SectionFact {
  /** The heading's text, as `$document.headings` has it. */
  heading: string;
  /** 1 for `#`, 2 for `##`... */
  level: number;
  /** The section's own prose (paragraphs, list items, quotes) as text: markup, HTML, tables and code left out; paragraphs separated by a blank line. */
  text: string;
  /** Each paragraph of that prose on its own, located: what `find` searches in a section. */
  paragraphs: string[];
}

/** The path root under which rules read a document's facts and the source map locates them. */
export const FACTS_ROOT = '$document';

/**
 * What reading a document learned besides its data. Rules read it under the path root
 * `$document` (docs/rule-language.md); the source map locates it under the same root.
 */
export interface DocumentFacts {
  /** The Markdown body's top-level headings, in order (none in YAML). */
  headings: HeadingFact[];
  /** The Markdown body's sections, one per heading, in order (none in YAML). */
  sections: SectionFact[];
  /** The file's name without its folder (`README.md`). */
  file_name: string;
}

/** How a document is read, as its configuration says (core/config: `markdown:`). */
export interface ReadingOptions {
  /** `Key: value` bullets and lines before a Markdown body's first section become fields (default true). */
  headerFields?: boolean;
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
  /** Markdown HTML comments (`<!-- ... -->`): not prose; searched only by a find check that asks for them. */
  comments: Span[];
  duplicates: DuplicateField[];
  inlineWaivers: InlineWaiver[];
  role: DocumentRole;
  facts: DocumentFacts;
}
