import type { Connection, Diagnostic } from 'vscode-languageserver';
import { pathToUri, problemToDiagnostic, toDiagnostic } from './convert.js';
import type { WorkspaceResults } from './workspace.js';

/**
 * Sends diagnostics for files whose diagnostics or document version changed since the
 * last publication, and clears files that no longer have any. With `scope: 'open'` only open
 * documents are published; after "lint workspace" every record is.
 */
export class DiagnosticPublisher {
  private readonly last = new Map<string, string>();
  /** URIs as the client spelled them (its encoding of `(`, `+`, `~`... may differ from ours). */
  private readonly uris = new Map<string, string>();
  scope: 'open' | 'workspace' = 'open';

  constructor(private readonly connection: Connection) {}

  publish(results: WorkspaceResults, open: Set<string>, versions: Map<string, number>, clientUris: Map<string, string> = new Map()): void {
    for (const [file, uri] of clientUris) this.uris.set(file, uri);
    const uriOf = (file: string) => this.uris.get(file) ?? pathToUri(file);
    const next = new Map<string, Diagnostic[]>();
    for (const [file, findings] of results.findings) {
      if (this.scope === 'workspace' || open.has(file)) next.set(file, findings.map(toDiagnostic));
    }
    for (const [file, problems] of results.problems) next.set(file, [...(next.get(file) ?? []), ...problems.map(problemToDiagnostic)]);
    for (const file of open) if (!next.has(file)) next.set(file, []);
    for (const [file, diagnostics] of next) {
      // Once per document version, so a client always learns that its latest text was checked.
      const key = `${versions.get(file) ?? ''}|${JSON.stringify(diagnostics)}`;
      if (this.last.get(file) === key) continue;
      this.last.set(file, key);
      void this.connection.sendDiagnostics({ uri: uriOf(file), version: versions.get(file), diagnostics });
    }
    for (const file of [...this.last.keys()]) {
      if (next.has(file)) continue;
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
