import type { Finding, Rule } from '../../core/index.js';

/** What every output format is given. */
export interface Report {
  findings: Finding[];
  /** Rules that ran, for formats that describe them (SARIF). */
  rules: Rule[];
  filesChecked: number;
  /** How many of the files are decision records. */
  recordsChecked: number;
  /** How many of the files are registries (people, promises). */
  registriesChecked: number;
  /** Every file checked, for formats that list clean files too (JUnit). */
  files: string[];
  activeWaivers: number;
  waived: number;
  /** Base for relative paths in the output. */
  cwd: string;
  version: string;
  color: boolean;
  /** Set when a baseline is in use: its path and the findings it covers (those are not in `findings`). */
  baseline?: { file: string; findings: Finding[] };
  /** The text a finding's fingerprint is made of (message and source text); the message when absent. */
  textOf?: (f: Finding) => string;
  /** A checked file's text, for formats that count columns differently (rdjson: UTF-8 bytes) or place fixes. */
  sourceText?: (file: string) => string | undefined;
  /** A note on what was checked, e.g. "records changed since origin/main". */
  scope?: string;
}

export type Formatter = (report: Report) => string;

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'markdown', 'rdjson', 'pr-comment'] as const;
export type FormatName = (typeof FORMATS)[number];

/** A formatter that hands over its text in pieces, for outputs too large to build as one string. */
export type ChunkedFormatter = (report: Report) => Iterable<string>;
