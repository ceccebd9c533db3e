import type { Finding } from '../types.js';
import type { Project } from './project.js';
import { LintSession } from './session.js';

export { compareFindings, readDocument } from './document-findings.js';

export interface LintResult {
  findings: Finding[];
  /** Findings silenced by active waivers. */
  waived: number;
  activeWaivers: number;
  filesChecked: number;
  /** How many of them are decision records. */
  recordsChecked: number;
  /** How many of them are registries (people, promises). */
  registriesChecked: number;
  /** The documents checked (records and registries). */
  files: string[];
  /** Files listed but gone or unreadable when their turn came. */
  unreadable: string[];
}

export interface ReadOptions {
  onProgress?: (done: number, total: number) => void;
  /** Told each text that was read, e.g. to hash it for a cache entry. */
  onText?: (file: string, text: string) => void;
}

/** Reads `files` from the project's host into the session (the per-document stage); returns the unreadable ones. */
export function addFiles(session: LintSession, project: Project, files: string[], options: ReadOptions = {}): string[] {
  const unreadable: string[] = [];
  for (const [i, file] of files.entries()) {
    if (options.onProgress && i % 50 === 0) options.onProgress(i, files.length);
    const text = project.host.readFile(file);
    if (text === undefined) unreadable.push(file);
    else {
      session.setRecord(file, text);
      options.onText?.(file, text);
    }
  }
  return unreadable;
}

/**
 * Lints record files and the registries their configs name, as one workspace, on this
 * thread: per-document rules, then cross-document checks, then waivers. The rule tester
 * uses it directly; hosts go through the Node layer's `lintWorkspace`, which adds the
 * cache, worker threads and `--changed-since` around the same steps.
 */
export function lintFiles(project: Project, files: string[]): LintResult {
  const session = new LintSession(project, { once: true });
  return resultOf(session, addFiles(session, project, files));
}

/** The workspace stage's results as one sorted list with the run's totals. */
export function resultOf(session: LintSession, unreadable: string[]): LintResult {
  const result = session.results();
  // Each file's findings are sorted, and findings sort by file first.
  const files = [...result.byFile.keys()].sort();
  const findings = files.flatMap((file) => result.byFile.get(file)!);
  return {
    findings,
    waived: result.waived,
    activeWaivers: result.activeWaivers,
    filesChecked: result.byFile.size,
    recordsChecked: result.records,
    registriesChecked: result.registries,
    // In name order, however the analyses arrived (worker threads, the cache).
    files,
    unreadable,
  };
}
