import type { Connection } from 'vscode-languageserver';
import type { ConfigProblem, Finding } from '../core/index.js';
import { pathToUri, problemToDiagnostic, toDiagnostic } from './convert.js';
import type { WorkspaceResults } from './workspace.js';

interface Published {
  findings: readonly Finding[];
  problems: readonly ConfigProblem[];
  version?: number;
  json: string;
}

const NO_FINDINGS: readonly Finding[] = [];
const NO_PROBLEMS: readonly ConfigProblem[] = [];

/**
 * Sends diagnostics for files whose diagnostics or document version changed since the
 * last publication, and clears files that no longer have any. With `scope: 'open'` only open
 * documents are published; after "lint workspace" every record is.
 */
export class DiagnosticPublisher {
  /** What each file was last published from and as: findings objects are reused while unchanged. */
  private readonly last = new Map<string, Published>();
  /** URIs as the client spelled them (its encoding of `(`, `+`, `~`... may differ from ours). */
  private readonly uris = new Map<string, string>();
  scope: 'open' | 'workspace' = 'open';

  constructor(private readonly connection: Connection) {}

  publish(results: WorkspaceResults, open: Set<string>, versions: Map<string, number>, clientUris: Map<string, string> = new Map()): void {
    for (const [file, uri] of clientUris) this.uris.set(file, uri);
    const uriOf = (file: string) => this.uris.get(file) ?? pathToUri(file);
    const shown = (file: string) => this.scope === 'workspace' || open.has(file);
    const files = new Set<string>(open);
    for (const file of results.findings.keys()) if (shown(file)) files.add(file);
    for (const file of results.problems.keys()) files.add(file);
    for (const file of files) {
      const findings = (shown(file) ? results.findings.get(file) : undefined) ?? NO_FINDINGS;
      const problems = results.problems.get(file) ?? NO_PROBLEMS;
      const version = versions.get(file);
      const last = this.last.get(file);
      // Same objects, same version: the workspace stage reused this file's result, nothing to convert.
      if (last && last.findings === findings && last.problems === problems && last.version === version) continue;
      const diagnostics = [...findings.map(toDiagnostic), ...problems.map(problemToDiagnostic)];
      const json = JSON.stringify(diagnostics);
      this.last.set(file, { findings, problems, version, json });
      // Once per document version, so a client always learns that its latest text was checked.
      if (last && last.json === json && last.version === version) continue;
      void this.connection.sendDiagnostics({ uri: uriOf(file), version, diagnostics });
    }
    for (const file of [...this.last.keys()]) {
      if (files.has(file)) continue;
      this.last.delete(file);
      void this.connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
      if (!open.has(file)) this.uris.delete(file);
    }
  }

  /** Counts for the status bar. */
  static count(results: WorkspaceResults, open: Set<string>, scope: 'open' | 'workspace'): { errors: number; warnings: number; infos: number } {
    const c = { errors: 0, warnings: 0, infos: 0 };
    for (const [file, findings] of results.findings) {
      if (scope !== 'workspace' && !open.has(file)) continue;
      for (const f of findings) {
        if (f.severity === 'error') c.errors++;
        else if (f.severity === 'warning') c.warnings++;
        else c.infos++;
      }
    }
    return c;
  }
}
