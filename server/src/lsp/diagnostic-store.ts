import { createHash } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver';
import type { ConfigProblem, Finding } from '../core/index.js';
import { diagnosticKey, problemToDiagnostic, toDiagnostic } from './convert.js';
import type { WorkspaceResults } from './workspace.js';

/** One file's diagnostics, as what they are made from. */
export interface StoredDiagnostics {
  findings: readonly Finding[];
  problems: readonly ConfigProblem[];
  /** Changes exactly when the diagnostics do: what pull clients send back to learn "unchanged". */
  resultId: string;
  /** Whether any finding is an error (for the status item's "records with errors"). */
  hasErrors: boolean;
  /** A digest of the diagnostics, to tell whether new findings change what a client is shown. */
  digest: string;
}

const NO_FINDINGS: readonly Finding[] = [];
const NO_PROBLEMS: readonly ConfigProblem[] = [];

/** The diagnostics a client is sent for a file: made when asked, as clients ask only for what changed. */
export function diagnosticsOf(entry: StoredDiagnostics | undefined): Diagnostic[] {
  return entry ? [...entry.findings.map(toDiagnostic), ...entry.problems.map(problemToDiagnostic)] : [];
}

/** A digest of what the diagnostics are made of: equal digests, equal diagnostics. */
function digestOf(findings: readonly Finding[], problems: readonly ConfigProblem[]): string {
  const hash = createHash('sha1');
  for (const f of findings) hash.update(diagnosticKey(f)).update('\n');
  return hash.update(JSON.stringify(problems)).digest('base64');
}

/** Whether the file has diagnostics at all. */
export function hasDiagnostics(entry: StoredDiagnostics): boolean {
  return entry.findings.length > 0 || entry.problems.length > 0;
}

/**
 * Every file's diagnostics, kept between lints as the findings and problems they are made
 * from: a workspace's findings are held anyway, and the diagnostics of ten thousand records
 * would double them. The workspace stage reuses a file's findings array while its results are
 * unchanged, so bringing the store up to date looks only at the files that changed, and a file
 * keeps its result id until its diagnostics really differ. Push publication and pull requests
 * (document and workspace) both read from here.
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
      const hasErrors = findings.some((f) => f.severity === 'error' && !f.suppressed);
      const entry: StoredDiagnostics = { findings, problems, resultId: '', hasErrors, digest: digestOf(findings, problems) };
      if (last && last.digest === entry.digest) {
        this.entries.set(file, { ...entry, resultId: last.resultId });
        continue;
      }
      entry.resultId = String(++this.next);
      this.entries.set(file, entry);
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
