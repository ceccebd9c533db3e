import type { Rule } from '../../core/rules/definition.js';
import type { Finding } from '../../core/types.js';

/** What every output format is given. */
export interface Report {
  findings: Finding[];
  /** Rules that ran, for formats that describe them (SARIF). */
  rules: Rule[];
  filesChecked: number;
  /** Every file checked, for formats that list clean files too (JUnit). */
  files: string[];
  activeWaivers: number;
  waived: number;
  /** Base for relative paths in the output. */
  cwd: string;
  version: string;
  color: boolean;
}

export type Formatter = (report: Report) => string;

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'markdown'] as const;
export type FormatName = (typeof FORMATS)[number];
