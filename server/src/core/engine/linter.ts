import type { Finding } from '../types.js';
import { compareFindings } from './document-findings.js';
import type { Project } from './project.js';
import { LintSession } from './session.js';

export { compareFindings, readDocument, toFinding } from './document-findings.js';

export interface LintResult {
  findings: Finding[];
  /** Findings silenced by active waivers. */
  waived: number;
  activeWaivers: number;
  filesChecked: number;
  /** How many of them are decision records. */
  recordsChecked: number;
  /** The documents checked (records and registries). */
  files: string[];
  /** Files listed but gone or unreadable when their turn came. */
  unreadable: string[];
}

/**
 * Lints record files and the registries their configs name, as one workspace:
 * per-document rules, then cross-document checks, then waivers.
 * `texts` lets a caller supply text (open editor buffers) instead of reading the host.
 */
export function lintFiles(
  project: Project, files: string[], texts: ReadonlyMap<string, string> = new Map(),
  onProgress?: (done: number, total: number) => void,
): LintResult {
  const session = new LintSession(project);
  const unreadable: string[] = [];
  for (const [i, file] of files.entries()) {
    if (onProgress && i % 50 === 0) onProgress(i, files.length);
    const text = texts.get(file) ?? project.host.readFile(file);
    if (text === undefined) unreadable.push(file);
    else session.setRecord(file, text);
  }
  return resultOf(session, unreadable);
}

/** The workspace stage's results as one sorted list with the run's totals. */
export function resultOf(session: LintSession, unreadable: string[]): LintResult {
  const result = session.results();
  const findings = [...result.byFile.values()].flat().sort(compareFindings);
  return {
    findings, waived: result.waived, activeWaivers: result.activeWaivers,
    filesChecked: result.byFile.size, recordsChecked: result.records, files: [...result.byFile.keys()], unreadable,
  };
}
