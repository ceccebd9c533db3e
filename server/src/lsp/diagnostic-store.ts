import type { Diagnostic } from 'vscode-languageserver';
import type { ConfigProblem, Finding } from '../core/index.js';
import { problemToDiagnostic, toDiagnostic } from './convert.js';
import type { WorkspaceResults } from './workspace.js';

/** One file's diagnostics, and what they were made from. */
export interface StoredDiagnostics {
  findings: readonly Finding[];
  problems: readonly ConfigProblem[];
  diagnostics: Diagnostic[];
  /** Changes exactly when the diagnostics do: what pull clients send back to learn "unchanged". */
  resultId: string;
  /** Whether any finding is an error (for the status item's "records with errors"). */
  hasErrors: boolean;
}

const NO_FINDINGS: readonly Finding[] = [];
const NO_PROBLEMS: readonly ConfigProblem[] = [];

/**
 * Every file's diagnostics, kept between lints. The workspace stage reuses a file's findings
 * array while its results are unchanged, so bringing the store up to date converts only the
 * files that changed, and a file keeps its result id until its diagnostics really differ.
 * Push publication and pull requests (document and workspace) both read from here.
 */
export class DiagnosticStore {
  private readonly entries = new Map<string, StoredDiagnostics>();
  private next = 0;

  /** Brings every file up to date with `results`; returns the files whose diagnostics changed (appeared, differ, or went). */
  update(results: WorkspaceResults): Set<string> {
    const changed = new Set<string>();
    const files = new Set<string>([...results.findings.keys(), ...results.problems.keys()]);
    for (const file of files) {
      const findings = results.findings.get(file) ?? NO_FINDINGS;
      const problems = results.problems.get(file) ?? NO_PROBLEMS;
      const last = this.entries.get(file);
      if (last && last.findings === findings && last.problems === problems) continue;
      const diagnostics = [...findings.map(toDiagnostic), ...problems.map(problemToDiagnostic)];
      if (last && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) {
        this.entries.set(file, { ...last, findings, problems });
        continue;
      }
      const hasErrors = findings.some((f) => f.severity === 'error' && !f.suppressed);
      this.entries.set(file, { findings, problems, diagnostics, resultId: String(++this.next), hasErrors });
      changed.add(file);
    }
    for (const file of [...this.entries.keys()]) {
      if (files.has(file)) continue;
      this.entries.delete(file);
      changed.add(file);
    }
    return changed;
  }

  get(file: string): StoredDiagnostics | undefined {
    return this.entries.get(file);
  }

  /** The result id a file with no diagnostics answers with: the same for every such file, so "unchanged" holds across lints. */
  static readonly EMPTY = 'empty';

  resultIdOf(file: string): string {
    return this.entries.get(file)?.resultId ?? DiagnosticStore.EMPTY;
  }

  files(): IterableIterator<[string, StoredDiagnostics]> {
    return this.entries.entries();
  }

  /** Files with at least one error finding. */
  filesWithErrors(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.hasErrors) n++;
    return n;
  }
}
